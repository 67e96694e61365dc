CREATE TABLE dim_indicator (
    indicator_key VARCHAR PRIMARY KEY,
    name_zh       VARCHAR NOT NULL,
    name_en       VARCHAR NOT NULL,
    unit          VARCHAR NOT NULL,          -- base unit: 个 人 项 次 元 斤 % 年 …
    unit_en       VARCHAR,
    category      VARCHAR NOT NULL,          -- 组织覆盖 队伍建设 阵地建设 品牌创建 制度机制 服务成效 业务成效
    category_en   VARCHAR,
    description   VARCHAR,
    synonyms      VARCHAR,                   -- '|'-separated phrasings used by reports
    is_rate       BOOLEAN NOT NULL DEFAULT FALSE,
    source        VARCHAR NOT NULL,
    concept_key   VARCHAR,                   -- the comparable measure it is (NULL: none in the catalogue)
    concept_note  VARCHAR                    -- where the match is loose
);
