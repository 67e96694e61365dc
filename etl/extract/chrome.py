"""Which lines of a saved page are the article, and which are page chrome: navigation, bylines, share and font
bars, "related articles", comment boxes, copyright, record numbers, advertisements and spam lists.

A number on a chrome line is not a figure of the report (a view count, a phone number, 2步打开APP). Chrome is
told by the words such lines carry, and by the article's end: after 责任编辑, 相关文章, 版权所有 … nothing is
the article any more. The first lines may be the title and the dateline (``report_meta`` reads them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CHROME_LINE = re.compile(
    r"(首页|当前位置|您的位置|您现在的位置|您当前的位置|字体[:：]|字号|打印|放大|缩小|分享到?|扫一扫|二维码|微信扫|下载.{0,6}(客户端|APP|App)|"
    r"点击右上角|浏览器|Safari|关注.{0,8}(微信|公众号)|条评论|来说两句|最热评论|最新评论|发表评论|我要评论|"
    r"浏览次数|阅读次数|点击率|点击数|阅读量|访问量|【作者】|【文章来源】|【成文日期】|"
    r"版权所有|Copyright|©|ICP|公网安备|备案号|技术支持|主办[:：]|承办[:：]|联系电话|联系人[:：]|举报电话|地址[:：]|"
    r"相关文章|相关稿件|相关新闻|相关阅读|延伸阅读|推荐阅读|最近更新|精彩推送|热点新闻|一周热点|频道推荐|最新图文|最新视频|"
    r"上一篇|下一篇|返回顶部|关键词[:：]|标签[:：]|责任编辑|责编|编辑[:：]|审核[:：]|校对[:：]|来源地址|原标题|image\.png|"
    r"进入.{0,4}频道|资料图)")
# after one of these the article is over: what follows is chrome (related articles, ads, footer)
_ARTICLE_END = re.compile(r"^\s*[（(]?(责任编辑|责编|编辑[:：]|关键词|相关文章|相关稿件|相关新闻|延伸阅读|推荐阅读|版权所有|"
                          r"最近更新|精彩推送|0 条评论|扫一扫在手机)")
_SPAM = re.compile(r"(体育|博彩|娱乐城|彩票|真人|棋牌|官网|下注|赌)")


@dataclass(frozen=True)
class Layout:
    lines: list[tuple[int, int]]        # every line's [start, end) in the text
    chrome: list[bool]                  # per line: page chrome, not the article
    article_end: int                    # offset where the article stops (len(text) if it runs to the end)

    def is_chrome(self, pos: int) -> bool:
        if pos >= self.article_end:
            return True
        for (a, b), c in zip(self.lines, self.chrome, strict=True):
            if a <= pos < b:
                return c
        return False


def layout(text: str) -> Layout:
    lines, chrome = [], []
    pos = 0
    end = len(text)
    for raw in text.split("\n"):
        a, b = pos, pos + len(raw)
        pos = b + 1
        lines.append((a, b))
        line = raw.strip()
        is_chrome = bool(line) and _is_chrome(line)
        chrome.append(is_chrome)
        if end == len(text) and a > len(text) * 0.3 and _ARTICLE_END.match(line):
            end = a
    return Layout(lines, chrome, end)


def _is_chrome(line: str) -> bool:
    if _CHROME_LINE.search(line) and (len(line) < 80 or not re.search(r"[。！？]", line)):
        return True
    if _SPAM.search(line) and len(line) < 40:
        return True
    # a list of short headlines with times (射组词组 2023-08-02 02:10:29): an advertising or spam block
    return bool(re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", line)) and len(line) < 60 and "来源" not in line
