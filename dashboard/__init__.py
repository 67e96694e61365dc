"""党建成效统计看板 · the Streamlit dashboard over the warehouse views (v_facts, v_coverage, v_latest, v_region)."""
