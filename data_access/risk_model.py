"""The 三高一低 risk model of important hazard-bearing bodies: static score, dynamic level, recommended measures.

Pure functions (no I/O, no Streamlit); the screen and its tests call them on warehouse rows.

1. Static score (静态评分, 0..1) on the four indicators of `bodies`, each normalised to 0..1 on a fixed scale
   (so a body's score never depends on which other bodies are loaded):
   - 价值高   asset_value_wan, log scale: log10(1+v) / log10(1+VALUE_CAP_WAN), capped at 1
   - 脆弱度高 vulnerability, already 0..1 from the census
   - 聚集度高 occupants, log scale: log10(1+n) / log10(1+OCCUPANTS_CAP), capped at 1
   - 设防能力低 1 - fortification (fully to standard = no risk from this indicator)
   The weights come from the analytic hierarchy process (AHP, Saaty): the principal eigenvector of the
   pairwise-comparison matrix PAIRWISE, accepted only if its consistency ratio CR = CI / RI < 0.1.
   The judgement behind the matrix: people first (聚集度), then how easily the body fails (脆弱度), then
   whether it is built to standard (设防能力), then money (价值).
2. Hazard intensity (致灾强度, 0..1) at the body from the live feeds, each factor a ramp to 1:
   rain in 1 h (nearest gauge), rain in 24 h, reservoir level over its flood limit (nearest reservoir within a
   radius), the worst active displacement/geohazard/flash-flood alarm nearby, and the typhoon's distance.
   They combine as independent threats: H = 1 - Π(1 - h_i), so any factor can only raise H.
3. Dynamic score D = S × (BASE + (1 - BASE) × H), cut into four levels 低/较低/较高/高 (Ⅳ..Ⅰ) at LEVEL_CUTS.
   Without any hazard D ≤ BASE, so even the most exposed body stays 较低 on a calm day; a heavy hazard lifts
   a high-scoring body to 高. D rises with every indicator and every hazard factor (monotonic).
4. Measures per level: 五停 (stop outdoor group activities, classes, work, business, transport),
   五断 (prepare for loss of water, power, network, roads, gas) and transfer of the people present.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

INDICATORS = ("价值", "脆弱度", "聚集度", "设防能力")
INDICATOR_TEXT = {"价值": "价值高", "脆弱度": "脆弱度高", "聚集度": "聚集度高", "设防能力": "设防能力低"}

# Saaty 1-9 scale, rows/columns in INDICATORS order: PAIRWISE[i][j] = how much more i matters than j.
PAIRWISE = (
    (1.0, 1 / 3, 1 / 4, 1 / 2),
    (3.0, 1.0, 1 / 2, 2.0),
    (4.0, 2.0, 1.0, 3.0),
    (2.0, 1 / 2, 1 / 3, 1.0),
)
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45}
MAX_CR = 0.1

VALUE_CAP_WAN = 30_000.0   # 3 亿元: the largest body in the census is just below
OCCUPANTS_CAP = 5_000      # a large school or venue

# Hazard ramps: (value where the factor starts, value where it is full).
RAIN_1H_MM = (10.0, 50.0)       # 短时强降水 starts at about 20 mm/h; 50 mm/h is extreme here
RAIN_24H_MM = (25.0, 200.0)     # 大雨 25 mm, 暴雨 50, 大暴雨 100, 特大暴雨 250 per 24 h
RESERVOIR_OVER_M = (-1.0, 1.0)  # metres above the flood-limit level
TYPHOON_KM = (500.0, 50.0)      # typhoon centre distance: nothing beyond 500 km, full within 50 km (gale radius)
ALARM_LEVEL = {"蓝": 0.4, "黄": 0.6, "橙": 0.8, "红": 1.0}
ALARM_RADIUS_KM = 3.0           # alarms of probes within this distance count for a body
RESERVOIR_RADIUS_KM = 5.0       # a body downstream of a reservoir: the nearest within this distance (≤ 10: body_sites)

BASE = 0.4
LEVELS = ("低", "较低", "较高", "高")                      # ascending
LEVEL_ROMAN = {"低": "Ⅳ级", "较低": "Ⅲ级", "较高": "Ⅱ级", "高": "Ⅰ级"}
LEVEL_CUTS = (0.25, 0.42, 0.55)                            # D below the first is 低, at or above the last 高

FIVE_STOPS = "五停（停止户外集体活动、停课、停工、停业、停运）"
FIVE_CUTS = "五断（断水、断电、断网、断路、断气）"
MEASURES = {
    "高": ("立即转移全部在场人员", "落实" + FIVE_STOPS, "启动" + FIVE_CUTS + "应急保障", "责任人24小时驻守"),
    "较高": ("转移老弱病残等第一梯次人员", "按类落实五停（{stop}）", "预置" + FIVE_CUTS + "保障物资（发电机、抽水泵、卫星电话）",
            "加密巡查，每2小时报告"),
    "较低": ("做好转移准备，明确安置点和路线", "责任人到岗巡查", "关注雨情水情"),
    "低": ("常态巡查，保持值守",),
}
# Which of the 五停 applies to a body of this kind (for 较高, where only the relevant stop is ordered).
KIND_STOP = {
    "school": "停课", "construction_site": "停工", "hazmat": "停工", "scenic": "停业", "crowded_venue": "停止户外集体活动",
    "bridge_road": "停运", "nursing_home": "停止户外集体活动", "hospital": "停止户外集体活动", "shelter": "停止户外集体活动",
    "dilapidated_house": "停止户外集体活动", "reservoir": "停止户外集体活动",
}


@dataclass(frozen=True)
class Weights:
    values: tuple[float, ...]  # in INDICATORS order, sum 1
    lambda_max: float
    ci: float
    cr: float

    def as_dict(self) -> dict[str, float]:
        return dict(zip(INDICATORS, self.values, strict=True))


def ahp_weights(matrix=PAIRWISE) -> Weights:
    """Weights = normalised principal eigenvector of a reciprocal pairwise matrix; CR = CI / RI."""
    a = np.asarray(matrix, dtype=float)
    n = a.shape[0]
    if a.shape != (n, n) or not np.allclose(a * a.T, 1.0):
        raise ValueError("the pairwise-comparison matrix must be square and reciprocal (a_ji = 1 / a_ij)")
    eigvals, eigvecs = np.linalg.eig(a)
    k = int(np.argmax(eigvals.real))
    w = np.abs(eigvecs[:, k].real)
    w = w / w.sum()
    lam = float(eigvals[k].real)
    ci = (lam - n) / (n - 1) if n > 1 else 0.0
    ri = RANDOM_INDEX.get(n, 1.49)
    cr = ci / ri if ri else 0.0
    return Weights(tuple(float(x) for x in w), lam, ci, cr)


WEIGHTS = ahp_weights()
if WEIGHTS.cr >= MAX_CR:  # a configuration error, caught at import and by the tests
    raise ValueError(f"AHP matrix inconsistent: CR = {WEIGHTS.cr:.3f} >= {MAX_CR}")


def _ramp(x, start: float, full: float):
    """0 at `start`, 1 at `full` (either direction), linear between, clipped; NaN counts as no hazard."""
    v = (np.asarray(x, dtype=float) - start) / (full - start)
    return np.nan_to_num(np.clip(v, 0.0, 1.0), nan=0.0)


def indicators(bodies: pd.DataFrame) -> pd.DataFrame:
    """The four normalised indicators (0..1, higher = riskier) of each body."""
    log = np.log10
    return pd.DataFrame({
        "价值": np.clip(log1p10(bodies["asset_value_wan"]) / log(1 + VALUE_CAP_WAN), 0, 1),
        "脆弱度": np.clip(bodies["vulnerability"].astype(float), 0, 1),
        "聚集度": np.clip(log1p10(bodies["occupants"]) / log(1 + OCCUPANTS_CAP), 0, 1),
        "设防能力": np.clip(1 - bodies["fortification"].astype(float), 0, 1),
    }, index=bodies.index)


def log1p10(x) -> np.ndarray:
    return np.log10(1 + np.clip(np.asarray(x, dtype=float), 0, None))


def static_score(bodies: pd.DataFrame, weights: Weights = WEIGHTS) -> pd.Series:
    """S = Σ w_i × indicator_i, 0..1."""
    ind = indicators(bodies)
    return (ind[list(INDICATORS)] * np.asarray(weights.values)).sum(axis=1)


def hazard_factors(hz: pd.DataFrame) -> pd.DataFrame:
    """Each live hazard factor at the body as 0..1. Missing columns or values mean no hazard.

    Columns read: rain_1h_mm, rain_24h_mm, reservoir_over_m, alarm_level (蓝黄橙红 or empty), typhoon_km.
    """
    def col(name):
        return hz[name] if name in hz.columns else pd.Series(np.nan, index=hz.index)

    alarm = col("alarm_level").map(lambda v: ALARM_LEVEL.get(v, 0.0) if isinstance(v, str) else 0.0)
    return pd.DataFrame({
        "rain_1h": _ramp(col("rain_1h_mm"), *RAIN_1H_MM),
        "rain_24h": _ramp(col("rain_24h_mm"), *RAIN_24H_MM),
        "reservoir": _ramp(col("reservoir_over_m"), *RESERVOIR_OVER_M),
        "alarm": alarm.astype(float).to_numpy(),
        "typhoon": _ramp(col("typhoon_km"), *TYPHOON_KM),
    }, index=hz.index)


def hazard_intensity(hz: pd.DataFrame) -> pd.Series:
    """H = 1 - Π(1 - h_i): independent threats; 0 = calm, 1 = at least one factor at its full value."""
    f = hazard_factors(hz)
    return 1 - (1 - f).prod(axis=1)


def dynamic_score(static: pd.Series, hazard: pd.Series) -> pd.Series:
    return static * (BASE + (1 - BASE) * hazard)


def level_of(score: float) -> str:
    """低/较低/较高/高 for a dynamic score."""
    if score != score:
        return LEVELS[0]
    return LEVELS[sum(score >= c for c in LEVEL_CUTS)]


def measures(level: str, kind: str = "") -> list[str]:
    """Recommended measures for a body at this level (五停 narrowed to the body's kind at 较高)."""
    stop = KIND_STOP.get(kind, "停止户外集体活动")
    return [m.format(stop=stop) for m in MEASURES[level]]


def assess(hz: pd.DataFrame, weights: Weights = WEIGHTS) -> pd.DataFrame:
    """Add static_score, hazard, dynamic_score, level (低..高), level_rank (1 = 高 .. 4 = 低), level_roman,
    main_hazard (the strongest factor's Chinese name) and measures to rows of bodies with hazard inputs;
    sorted by risk (level, then dynamic score, then static score)."""
    if hz.empty:
        cols = ["static_score", "hazard", "dynamic_score", "level", "level_rank", "level_roman", "main_hazard",
                "measures"]
        return hz.assign(**{c: pd.Series(dtype=object) for c in cols})
    out = hz.copy()
    out["static_score"] = static_score(hz, weights)
    factors = hazard_factors(hz)
    out["hazard"] = 1 - (1 - factors).prod(axis=1)
    out["dynamic_score"] = dynamic_score(out["static_score"], out["hazard"])
    out["level"] = out["dynamic_score"].map(level_of)
    out["level_rank"] = out["level"].map({lv: 4 - i for i, lv in enumerate(LEVELS)})
    out["level_roman"] = out["level"].map(LEVEL_ROMAN)
    strongest = factors.idxmax(axis=1).map(HAZARD_TEXT)
    out["main_hazard"] = np.where(factors.max(axis=1) > 0, strongest, "无")
    kinds = hz["kind"] if "kind" in hz.columns else pd.Series("", index=hz.index)
    out["measures"] = [("；".join(measures(lv, k))) for lv, k in zip(out["level"], kinds, strict=True)]
    return out.sort_values(["level_rank", "dynamic_score", "static_score"], ascending=[True, False, False])


HAZARD_TEXT = {"rain_1h": "短时强降雨", "rain_24h": "累计降雨", "reservoir": "水库超汛限", "alarm": "监测告警",
               "typhoon": "台风临近"}


def method_text(weights: Weights = WEIGHTS) -> str:
    """One paragraph that explains the method on the screen."""
    w = "，".join(f"{INDICATOR_TEXT[k]} {v:.2f}" for k, v in weights.as_dict().items())
    return (f"静态评分 S：三高一低四项指标归一化后加权，权重由层次分析法（AHP）判断矩阵求得：{w}"
            f"（一致性比率 CR = {weights.cr:.3f} < 0.1）。致灾强度 H：1小时/24小时雨量（最近雨量站）、"
            f"水库超汛限水位、{ALARM_RADIUS_KM:g} km 内位移/地灾/山洪告警、台风中心距离，H = 1 − Π(1 − hᵢ)。"
            f"动态风险 D = S ×（{BASE:g} + {1 - BASE:g} × H），按 {LEVEL_CUTS[0]:g} / {LEVEL_CUTS[1]:g} / "
            f"{LEVEL_CUTS[2]:g} 分为低（Ⅳ）、较低（Ⅲ）、较高（Ⅱ）、高（Ⅰ）四级。")


def pairwise_table() -> pd.DataFrame:
    """The AHP matrix with the resulting weights, for display."""
    df = pd.DataFrame(PAIRWISE, index=[INDICATOR_TEXT[i] for i in INDICATORS],
                      columns=[INDICATOR_TEXT[i] for i in INDICATORS])
    df["权重"] = WEIGHTS.values
    return df.map(lambda v: _fraction(v))


def _fraction(v: float) -> str:
    if v >= 1 or v == 0 or not math.isfinite(v):
        return f"{v:g}" if v >= 1 else f"{v:.3f}"
    inverse = 1 / v
    return f"1/{inverse:.0f}" if abs(inverse - round(inverse)) < 1e-9 else f"{v:.3f}"
