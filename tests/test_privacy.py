"""Masking of names, phone numbers and ID numbers, and which columns of a frame are masked for whom."""

from __future__ import annotations

import pandas as pd
import pytest

from data_access.privacy import mask_frame, mask_id, mask_name, mask_names, mask_phone


def test_maskers():
    assert mask_name("张三丰") == "张**"
    assert mask_name("张三") == "张*"
    assert mask_name("张") == "*"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0578-3123456") == "057*****3456"
    assert mask_phone("110") == "***"
    assert mask_id("331122199001011234") == "331122********1234"
    assert mask_id("33112219900101123X") == "331122********123X"
    assert mask_names("张三、李四光") == "张*、李**"
    for blank in (None, "", float("nan")):
        assert mask_name(blank) is blank and mask_phone(blank) is blank and mask_id(blank) is blank


def persons():
    return pd.DataFrame({"id": ["P1", "P2"], "name": ["张三丰", "李四"], "phone": ["13812345678", None],
                         "id_number": ["331122199001011234", "331122198512120021"], "village_code": ["V1", "V2"]})


def test_person_table_masked_for_viewer_and_frame_untouched():
    df = persons()
    out = mask_frame(df, "viewer")
    assert list(out["name"]) == ["张**", "李*"]
    assert out["phone"].iloc[0] == "138****5678" and pd.isna(out["phone"].iloc[1])
    assert out["id_number"].iloc[0] == "331122********1234"
    assert list(out["id"]) == ["P1", "P2"] and list(out["village_code"]) == ["V1", "V2"]
    assert df["name"].iloc[0] == "张三丰"  # the caller's frame is not changed


@pytest.mark.parametrize("role", ["commander", "admin"])
def test_commander_and_admin_see_everything(role):
    pd.testing.assert_frame_equal(mask_frame(persons(), role), persons())


def test_team_and_unit_names_are_not_person_names():
    teams = pd.DataFrame({"name": ["缙云县应急救援队"], "leader": ["王小明"], "phone": ["13900001111"]})
    out = mask_frame(teams, "viewer")
    assert out.iloc[0].tolist() == ["缙云县应急救援队", "王**", "139****1111"]
    units = pd.DataFrame({"name": ["壶镇镇防指"], "duty_person": ["赵六"], "duty_phone": ["13700002222"],
                          "missing_names": ["钱七,孙八八"]})
    assert mask_frame(units, "viewer").iloc[0].tolist() == ["壶镇镇防指", "赵*", "137****2222", "钱*,孙**"]
    shelters = pd.DataFrame({"name": ["五云街道避灾安置点"], "capacity": [300]})
    assert mask_frame(shelters, "viewer").equals(shelters)


def test_explicit_columns():
    df = pd.DataFrame({"assignee": ["周九"], "name": ["城北乡"]})
    assert mask_frame(df, "viewer", columns=["assignee"]).iloc[0].tolist() == ["周*", "城北乡"]
