"""A broken questionnaire file fails at load time, naming the file, the place and the reason."""

from pathlib import Path

import pytest

from dialogs.questionnaire import QuestionnaireError, load_questionnaire

HEADER = "id: test\nversion: 1\ntitle: 测试\nsections:\n  - id: basic\n    title: 基本信息\n    intro: 开始。\n    questions:\n"


def write(tmp_path: Path, questions: str, header: str = HEADER) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(header + questions, encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    return str(caught.value)


def test_the_real_questionnaire_loads_and_each_work_section_opens_with_its_kinds():
    questionnaire = load_questionnaire()
    assert [s.title for s in questionnaire.sections][:2] == ["基本信息", "组织领导"]
    for section in questionnaire.sections:
        # construction has one kind; earlier (last year's plans) is never asked, only kept.
        if section.role == "work" and section.id not in ("construction", "earlier"):
            assert section.questions[0].kind == "multi" and section.questions[0].allow_other, section.id
    required = [q for _, q in questionnaire.questions() if q.required]
    # occasion, action_name and inspection: required of the genres that ask them only.
    assert {q.id for q in required} == {"unit_name", "unit_type", "signer", "genre", "period", "targets", "sign_date", "occasion", "action_name", "inspection"}
    assert all(q.when for q in required if q.id in ("occasion", "action_name", "inspection"))
    assert all(q.why for q in required), [q.id for q in required if not q.why]


def test_the_work_kinds_cover_what_real_documents_report():
    questionnaire = load_questionnaire()
    kinds = {choice for _, q in questionnaire.questions() if q.kind == "multi" for choice in q.choices}
    for kind in ("领导小组/工作专班", "方案与依据文件", "会议", "责任清单/分解", "网格化/包联包保", "督查考核/通报",
                 "宣传阵地与载体", "入户宣传", "道德讲堂/文明培训", "媒体报道", "环境卫生", "占道经营/违章搭建",
                 "背街小巷", "交通/客运秩序", "校园周边", "农贸市场", "店招店牌", "无物业小区", "消防安全", "垃圾分类", "公厕",
                 "志愿服务/文明劝导", "评选表彰/好人/道德模范", "移风易俗", "未成年人思想道德建设", "文化阵地/新时代文明实践",
                 "窗口服务/投诉处理", "经费投入", "荣誉", "测评对标/迎检"):
        assert kind in kinds, kind
    assert questionnaire.question("projects").kind == "group" and questionnaire.question("rectifications").kind == "group"


def test_a_seeded_group_must_name_an_earlier_question(tmp_path):
    message = load_error(write(tmp_path, (
        "      - id: items\n        kind: group\n        label: 项\n        prompt: 项\n        item_name: 项\n"
        "        more_prompt: 再来？\n        seeded_by: kinds\n        questions:\n"
        "          - {id: name, kind: text, label: 名称, prompt: 叫什么？}\n"
    )))
    assert "seeded_by 'kinds' is not an earlier question" in message


def test_not_yaml(tmp_path):
    message = load_error(write(tmp_path, "      - id: [unclosed\n"))
    assert "broken.yaml" in message and "not valid YAML" in message


def test_missing_file_names_the_path(tmp_path):
    message = load_error(tmp_path / "nowhere.yaml")
    assert "nowhere.yaml" in message and "cannot read" in message


def test_unknown_kind_names_question_and_field(tmp_path):
    message = load_error(write(tmp_path, "      - id: unit_name\n        kind: essay\n        label: 名称\n        prompt: 名称？\n"))
    assert "broken.yaml" in message and "unit_name" in message and "kind" in message


def test_choice_without_choices_says_so(tmp_path):
    message = load_error(write(tmp_path, "      - id: unit_type\n        kind: choice\n        label: 类型\n        prompt: 类型？\n"))
    assert "unit_type" in message and "needs choices" in message


def test_condition_on_a_later_question_is_refused(tmp_path):
    questions = (
        "      - id: office_director\n        kind: text\n        label: 主任\n        prompt: 主任？\n"
        "        when: [{question: has_office, equals: true}]\n"
        "      - id: has_office\n        kind: yesno\n        label: 办公室\n        prompt: 有吗？\n"
    )
    message = load_error(write(tmp_path, questions))
    assert "office_director" in message and "has_office" in message and "not an earlier question" in message


def test_duplicate_ids_are_refused(tmp_path):
    one = "      - id: same\n        kind: text\n        label: 甲\n        prompt: 甲？\n"
    message = load_error(write(tmp_path, one + one))
    assert "same" in message and "id used twice" in message


def test_misspelled_field_is_named(tmp_path):
    message = load_error(write(tmp_path, "      - id: unit_name\n        kind: text\n        label: 名称\n        promt: 名称？\n"))
    assert "unit_name" in message and "prompt" in message  # the first problem pydantic reports


def test_group_without_more_prompt_is_refused(tmp_path):
    questions = (
        "      - id: campaigns\n        kind: group\n        label: 整治\n        prompt: 有吗？\n        item_name: 整治\n"
        "        questions:\n          - id: theme\n            kind: text\n            label: 主题\n            prompt: 主题？\n"
    )
    message = load_error(write(tmp_path, questions))
    assert "campaigns" in message and "more_prompt" in message


def test_overlong_max_length_is_refused(tmp_path):
    message = load_error(write(tmp_path, "      - id: notes\n        kind: text\n        label: 备注\n        prompt: 备注？\n        max_length: 5000\n"))
    assert "notes" in message and "max_length" in message
