"""The shape of a clerk's fragment (drafting.prose.fragments), on fragments clerks typed.

The table is taken from the fresh interviews (tests/interviews/) and the dev set: a
clause with its own predicate, a noun phrase, a list, or only a time or a place. jieba's
own tags are wrong on several of them (「任」 a pronoun, 「调整充实」 a verbal noun and an
adverb, 「卫星接收设备」 a verb between nouns): the lexicon of templates/lexicon.yaml is
what reads them right.
"""

from __future__ import annotations

import jieba.posseg
import pytest

from dialogs.questionnaire import load_questionnaire
from drafting.prose.wording import wording_for

READER = wording_for(load_questionnaire()).reader

# (fragment, read as a name, shape, verb, lead)
TABLE = [
    ("3月至6月开展环境卫生集中整治行动，清理卫生死角312处", False, "clause", "开展", "3月至6月"),
    ("根据党政领导人员变化及时调整充实", False, "clause", "调整充实", "根据党政领导人员变化"),
    ("镇党委书记任总指挥", False, "clause", "任", ""),
    ("6月底召开，各单位负责人参加", False, "clause", "召开", "6月底"),
    ("在中心小学举办文明礼仪讲座", False, "clause", "举办", "在中心小学"),
    ("在党政机关、学校和社区开设道德讲堂3个", False, "clause", "开设", "在党政机关、学校和社区"),
    ("今年以来共安装270个", False, "clause", "安装", "今年以来"),
    ("全镇均已建成", False, "clause", "建成", ""),
    ("每周五组织志愿者清扫街道", False, "clause", "组织", "每周五"),
    ("乡文化站联合工商、派出所、综治办对全乡进行清查", False, "clause", "联合", ""),
    ("确定专人负责创建工作", True, "clause", "确定", ""),
    ("组织广场舞活动6次", True, "clause", "组织", ""),
    ("乡文化大楼", True, "noun", "", ""),
    ("新开河道北地面卫星接收设备", True, "noun", "", ""),
    ("学习实践科学发展观活动", True, "noun", "", ""),
    ("无牌无证经营场所清查", True, "noun", "", ""),
    ("“周末大扫除”活动", True, "noun", "", ""),
    ("推进会", True, "noun", "", ""),
    ("无物业小区", True, "noun", "", ""),
    ("禁烟", True, "noun", "", ""),
    ("二卡创汇农业科技园区、生态农业科技服务中心、文体馆等重点工程", True, "list", "", ""),
    ("6月底", False, "lead", "", "6月底"),
]


@pytest.mark.parametrize(("text", "name", "shape", "verb", "lead"), TABLE, ids=[row[0][:12] for row in TABLE])
def test_a_fragment_is_read_into_its_shape(text: str, name: bool, shape: str, verb: str, lead: str) -> None:
    fragment = READER.read(text, name=name)
    assert (fragment.shape, fragment.verb, fragment.lead) == (shape, verb, lead)


def test_a_purpose_clause_leads_the_clause_after_it() -> None:
    fragment = READER.read("为争取文化站达标，抢抓工作组进驻的机遇，确定了兴建计划")
    assert fragment.lead == "为争取文化站达标，" and fragment.shape == "clause"


def test_the_lexicon_corrects_jiebas_own_tags() -> None:
    """Without the lexicon jieba reads 任 as a pronoun and cuts 调整充实 in two."""
    raw = [(pair.word, pair.flag) for pair in jieba.posseg.dt.cut("镇党委书记任总指挥，调整充实")]
    assert ("任", "r") in raw and ("调整充实", "v") not in raw
    read = READER.segmenter.cut("镇党委书记任总指挥，调整充实")
    assert ("任", "v") in read and ("调整充实", "v") in read


def test_a_role_typed_with_the_leader_is_known() -> None:
    assert READER.has_role("镇党委书记任总指挥") and READER.has_role("党委书记为第一责任人")
    assert not READER.has_role("镇党委书记")


def test_a_noun_phrase_gets_the_lexicons_verb_for_its_head() -> None:
    assert READER.object_frame("道德讲堂") == "开设{name}"
    assert READER.object_frame("乡文化大楼") == "推进{name}建设"
    assert READER.object_frame("动员大会") == "召开{name}"
    assert READER.object_frame("文明礼仪") == "开展{name}"  # the default
