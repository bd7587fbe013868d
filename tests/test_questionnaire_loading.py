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


def test_the_real_questionnaire_loads_and_every_section_ends_with_other_work():
    questionnaire = load_questionnaire()
    assert [s.title for s in questionnaire.sections][:2] == ["基本信息", "组织领导"]
    for section in questionnaire.sections:
        assert section.questions[-1].id == f"{section.id}_other"
    required = [q for _, q in questionnaire.questions() if q.required]
    assert all(q.why for q in required), [q.id for q in required if not q.why]


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
