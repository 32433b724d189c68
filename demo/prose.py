"""The prose of a demo report: intro and sections 一、五、六 (tables go in 二、三、四).

Text is assembled from banks of paragraph variants with slots. A :class:`Writer` picks the
variants with its own random generator (the report's *style*) and, for a clean report, avoids
the variant the same agency used last year, so consecutive years read differently (the X-COPY
rule compares them). A report "copied from last year" is written with last year's style:
the same paragraphs, only the year and the table figures updated — what copying looks like.

Numbers in the prose that the NARR-* rules compare (applications, 复议/诉讼, 规范性文件,
行政许可 …) always come from the report's tables; the other numbers (信息条数, 培训次数) are
style and carry no table meaning.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from demo.model import Cells
from demo.numbers import Fee
from demo.region import Agency

# What each kind of agency publishes proactively (主动公开 focus areas).
TOPICS: dict[str, tuple[str, ...]] = {
    "gov": (
        "重大决策预公开",
        "政策文件及解读",
        "财政预决算",
        "重大建设项目",
        "公共资源配置",
        "民生实事项目",
        "乡村振兴",
        "优化营商环境",
    ),
    "office": (
        "政府文件及解读",
        "政府常务会议",
        "政府工作报告重点任务进展",
        "建议提案办理结果",
        "政府公报",
        "重大决策预公开",
    ),
    "edu": (
        "招生入学政策",
        "学校收费标准",
        "教育经费使用",
        "教师招聘",
        "学生资助政策",
        "校外培训机构监管",
    ),
    "eco": (
        "空气和水环境质量",
        "建设项目环境影响评价审批",
        "排污许可",
        "环境行政处罚",
        "重点排污单位名录",
        "突发环境事件应急",
    ),
    "market": (
        "食品安全抽检结果",
        "行政许可和行政处罚“双公示”",
        "产品质量监督抽查",
        "特种设备安全",
        "价格监督检查",
        "消费维权",
    ),
    "hr": (
        "就业创业扶持政策",
        "社会保险待遇调整",
        "事业单位公开招聘",
        "职业技能培训补贴",
        "根治欠薪",
        "人才引进政策",
    ),
    "finance": (
        "财政预决算",
        "政府债务",
        "惠民惠农财政补贴",
        "政府采购",
        "“三公”经费",
        "财政资金直达",
    ),
    "health": (
        "医疗机构执业信息",
        "基本公共卫生服务",
        "疫苗接种",
        "卫生健康监督执法",
        "医疗服务价格",
        "公共卫生事件",
    ),
    "natres": (
        "国土空间规划",
        "土地征收",
        "不动产登记",
        "矿业权出让",
        "耕地保护",
        "地质灾害防治",
    ),
}

PROBLEMS: tuple[str, ...] = (
    "政策解读形式较为单一，图解、视频等解读方式运用不够",
    "部分栏目信息更新不够及时，个别信息发布要素不全",
    "依申请公开答复的规范化水平有待进一步提升",
    "政务新媒体与门户网站信息发布的协同联动不够",
    "工作人员业务能力与新形势新要求相比仍有差距",
    "重点领域信息公开的深度和广度还需拓展",
    "公众参与渠道的利用率不高，互动回应的质量有待提高",
    "政策文件公开征求意见的覆盖面不够广",
    "基层政务公开标准化规范化建设推进不够平衡",
    "历史政策文件的清理和标注工作需要持续跟进",
)

IMPROVEMENTS: tuple[str, ...] = (
    "丰富政策解读形式，综合运用图表图解、音频视频、新闻发布会等方式，增强解读的针对性和可读性",
    "建立栏目内容保障机制，明确责任人和更新时限，定期开展自查",
    "规范依申请公开办理流程，加强答复文书的法制审核",
    "加强门户网站与政务新媒体的统筹管理，推动信息同步发布",
    "定期组织业务培训，提升工作人员的政策水平和业务能力",
    "围绕群众关切，持续拓展重点领域信息公开的内容",
    "完善政民互动机制，及时回应社会关切",
    "扩大政策文件征求意见范围，及时反馈意见采纳情况",
    "推动政务公开标准目录落地落实，加强对基层的指导",
    "做好规范性文件的动态清理，及时公开清理结果",
)


# Optional second paragraphs per sub-section of 一; governments write longer reports.
EXTRAS: dict[str, tuple[str, ...]] = {
    "s1a": (
        "做好政策解读工作，坚持政策文件与解读材料同步组织、同步审签、同步发布，运用图解、问答、短视频等形式提升解读效果。",
        "围绕群众关注的热点开设专题专栏，集中发布相关政策、办事指南和工作动态，方便群众一站式查询。",
        "推进重大决策预公开，对涉及群众切身利益的政策文件，在出台前通过政府网站公开征求意见，并及时反馈意见采纳情况。",
        "做好重要会议、重点工作的新闻发布，及时回应社会关切，主动发声、解疑释惑。",
    ),
    "s1b": (
        "对申请内容不明确的，及时告知申请人补正；对涉及第三方权益的，依法征求第三方意见，确保答复合法合规。",
        "建立依申请公开答复法律审核机制，答复文书经法律顾问审核后出具，有效降低了行政复议和诉讼风险。",
        "定期梳理申请人关注的热点问题，对申请较为集中的信息，及时转为主动公开。",
    ),
    "s1c": (
        "落实政策文件清理制度，对现行有效的规范性文件进行全面梳理，并在政府网站集中公开。",
        "建立健全信息发布“三审三校”制度，严把政治关、法律关、保密关和文字关。",
        "做好政府信息公开工作与档案管理工作的衔接，规范政府信息的归档、保管和利用。",
    ),
    "s1d": (
        "加强政府网站安全防护，定期开展网站检测和漏洞扫描，确保网站安全平稳运行。",
        "优化网站智能搜索和智能问答功能，提升群众获取政府信息的便捷性。",
        "规范政务新媒体运维管理，严格执行信息发布审核制度，杜绝错误信息发布。",
    ),
    "s1e": (
        "健全政务公开工作领导小组，明确分管领导和工作机构，配备专兼职工作人员。",
        "制定年度政务公开工作任务清单，明确责任分工和完成时限，定期调度推进。",
        "畅通意见建议反馈渠道，在网站公布监督电话和电子邮箱，主动接受社会监督。",
    ),
}


def _extra(w: Writer, slot: str, out: list[str], chance: float) -> None:
    if w.rng.random() < chance:
        out.append(w.pick(f"{slot}.extra", EXTRAS[slot]))


def _join(items: list[str]) -> str:
    return "、".join(items)


def _ordinal_list(items: list[str], *, sep: str = "；") -> str:
    names = ("一是", "二是", "三是", "四是", "五是")
    return sep.join(f"{names[i]}{text}" for i, text in enumerate(items)) + "。"


@dataclass(slots=True)
class Facts:
    """Figures the prose states; they must agree with the printed tables."""

    t2: Cells
    t3: Cells | None  # the table 三 as printed (None: state no figures)
    t4: Cells
    fee: Fee
    hidden_t3: Cells | None = None  # the real figures when the printed table has none
    stated_new: int | None = None  # a 新收 figure that contradicts the table (NARR-T3 defect)


@dataclass(slots=True)
class Writer:
    """Picks paragraph variants; records the picks so next year can avoid (or copy) them."""

    rng: random.Random
    avoid: dict[str, int] = field(default_factory=dict)
    picks: dict[str, int] = field(default_factory=dict)
    # No table figures in the prose: the text of a report that next year's will be copied from
    # must stay true when only its year is changed.
    numberless: bool = False

    def pick(self, slot: str, options: list[str] | tuple[str, ...]) -> str:
        indices = list(range(len(options)))
        avoided = self.avoid.get(slot)
        if avoided is not None and len(indices) > 1:
            indices.remove(avoided % len(options))
        index = self.rng.choice(indices)
        self.picks[slot] = index
        return options[index]

    def sample(self, items: tuple[str, ...], k: int) -> list[str]:
        return self.rng.sample(list(items), k)


@dataclass(frozen=True, slots=True)
class Voice:
    """How an agency refers to itself and its area."""

    name: str  # 市教育局 / 望川市
    we: str  # 我局 / 我市
    whole: str  # 全局 / 全市
    site: str  # 门户网站名
    wechat: str  # 政务新媒体名
    office: str  # who compiles the report

    @classmethod
    def of(cls, agency: Agency) -> Voice:
        area = agency.region
        unit = {"city": "市", "district": "区", "county": "县"}[area.kind]
        root = area.short[:-1]  # 望川市 → 望川
        site = f"{area.site.name}门户网站"
        if agency.level == "gov":
            return cls(
                name=agency.short,
                we=f"我{unit}",
                whole=f"全{unit}",
                site=site,
                wechat=f"“{root}发布”微信公众号",
                office=f"{agency.name}办公室",
            )
        we = "我办" if agency.short.endswith("办公室") else "我局"
        return cls(
            name=agency.short,
            we=we,
            whole=f"全{unit}",
            site=site,
            wechat=f"“{root}{WECHAT_NAMES[agency.kind]}”微信公众号",
            office=f"{agency.name}办公室" if we == "我局" else agency.name,
        )


WECHAT_NAMES: dict[str, str] = {
    "office": "政务",
    "edu": "教育",
    "eco": "生态环境",
    "market": "市场监管",
    "hr": "人社",
    "finance": "财政",
    "health": "卫健",
    "natres": "自然资源",
}


# ---- intro -------------------------------------------------------------------------------------


def write_intro(agency: Agency, year: int, w: Writer) -> list[str]:
    v = Voice.of(agency)
    period = w.pick(
        "period",
        (
            f"本报告中所列数据统计期限自{year}年1月1日起至{year}年12月31日止。",
            f"本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。",
            f"本年度报告中使用数据统计期限为{year}年1月1日至{year}年12月31日。",
        ),
    )
    tel = f"0{w.rng.randint(771, 779)}-{w.rng.randint(2000000, 6999999)}"
    contact = w.pick(
        "contact",
        (
            f"如对本报告有疑问，请与{v.office}联系（电话：{tel}）。",
            f"如对本年度报告有任何疑问，请联系{v.office}，联系电话：{tel}。",
            f"本报告电子版可在{v.site}“政府信息公开”专栏查阅或下载。如有疑问，请致电{tel}。",
        ),
    )
    basis = w.pick(
        "basis",
        (
            f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条规定，{agency.name}编制本报告。",
            f"本报告依据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室印发的《中华人民共和国政府信息公开工作年度报告格式》要求，由{v.office}编制。",
            f"按照《中华人民共和国政府信息公开条例》规定，现公布{agency.name}{year}年政府信息公开工作年度报告。",
        ),
    )
    parts = w.pick(
        "parts",
        (
            "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。",
            "报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分组成。",
            "",
        ),
    )
    return [basis + parts + period + contact]


# ---- section 一 --------------------------------------------------------------------------------


def _subhead(w: Writer, slot: str, forms: tuple[str, ...]) -> str:
    return w.pick(f"{slot}.head", forms)


def write_s1(agency: Agency, year: int, facts: Facts, w: Writer) -> list[str]:
    v = Voice.of(agency)
    rng = w.rng
    topic_key = "gov" if agency.level == "gov" else agency.kind
    topics = w.sample(TOPICS[topic_key], 3)
    n_info = rng.randint(180, 900) if agency.level == "dept" else rng.randint(1500, 6000)
    n_interp = rng.randint(6, 40)
    n_train = rng.randint(2, 8)
    n_people = rng.randint(60, 400)
    norm = facts.t2["NORM"]
    chance = 0.75 if agency.level == "gov" else 0.3
    out: list[str] = []

    out.append(
        w.pick(
            "lead",
            (
                f"{year}年，{v.name}深入贯彻落实《中华人民共和国政府信息公开条例》，按照上级关于政务公开工作的部署要求，以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开，政府信息公开工作取得新进展。",
                f"{year}年，{v.name}坚持以人民为中心的发展思想，把政务公开作为建设法治政府、服务型政府的重要抓手，不断提升政府信息公开的质量和实效。",
                f"{year}年，{v.we}认真落实政府信息公开各项要求，健全工作机制，规范公开流程，围绕中心工作和群众关切深化信息公开，较好地保障了人民群众的知情权、参与权、表达权和监督权。",
                f"{year}年以来，{v.name}将政府信息公开工作纳入年度重点工作统筹推进，主要负责同志亲自部署，分管负责同志具体抓，形成了上下联动、协调有序的工作格局。",
                f"一年来，{v.name}紧扣年度政务公开工作要点，以制度建设为基础、以平台建设为支撑、以群众需求为导向，扎实做好政府信息公开各项工作。",
            ),
        )
    )

    # （一）主动公开
    out.append(_subhead(w, "s1a", ("（一）主动公开", "（一）主动公开情况", "（一）主动公开方面")))
    norm_sentence = ""
    if norm["ISSUED"] and not w.numberless:
        norm_sentence = w.pick(
            "s1a.norm",
            (
                f"全年制发行政规范性文件{norm['ISSUED']}件，均按规定在{v.site}公开并同步发布解读材料。",
                f"本年度制发行政规范性文件{norm['ISSUED']}件、废止{norm['REPEALED']}件，现行有效行政规范性文件{norm['IN_FORCE']}件，清理结果已向社会公布。",
                f"坚持规范性文件“应公开尽公开”，{year}年共制发行政规范性文件{norm['ISSUED']}件，全部通过政府网站公开。",
            ),
        )
    out.append(
        w.pick(
            "s1a.body",
            (
                f"{year}年，{v.name}通过{v.site}主动公开政府信息{n_info}条，重点做好{_join(topics)}等领域的信息公开。{norm_sentence}",
                f"围绕{_join(topics)}等社会关注度高的事项，{v.we}及时准确发布政府信息，全年在{v.site}发布各类信息{n_info}条，发布政策解读{n_interp}篇。{norm_sentence}",
                f"{v.we}严格落实主动公开基本目录，全年通过政府网站、{v.wechat}等渠道公开信息{n_info}条。{norm_sentence}聚焦{_join(topics)}，持续加大公开力度。",
                f"坚持“以公开为常态、不公开为例外”，全年主动公开政府信息{n_info}条，其中政策文件解读{n_interp}篇。{norm_sentence}对{topics[0]}、{topics[1]}等重点领域信息实行清单化管理，做到应公开尽公开。",
            ),
        )
    )

    _extra(w, "s1a", out, chance)

    # （二）依申请公开
    out.append(
        _subhead(w, "s1b", ("（二）依申请公开", "（二）依申请公开情况", "（二）依申请公开方面"))
    )
    out.append(_applications(agency, year, facts, w))
    out.append(
        w.pick(
            "s1b.body",
            (
                "严格执行依申请公开受理、登记、审核、答复等工作流程，所有申请均在法定期限内答复，答复内容合法规范。",
                "进一步规范依申请公开办理程序，对疑难申请开展会商研判，加强与申请人沟通，切实提高答复质量。",
                "坚持依法依规办理政府信息公开申请，规范答复文书格式，做到申请有登记、办理有跟踪、答复有审核。",
                "畅通信函、网络、当面等申请渠道，落实首问负责制，努力做到件件有回音、事事有着落。",
            ),
        )
    )
    litigation = _reviews(year, facts, w, v)
    if litigation:
        out.append(litigation)

    _extra(w, "s1b", out, chance)

    # （三）政府信息管理
    out.append(
        _subhead(
            w, "s1c", ("（三）政府信息管理", "（三）政府信息管理情况", "（三）加强政府信息管理")
        )
    )
    out.append(
        w.pick(
            "s1c.body",
            (
                "严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则，全年未发生泄密事件。",
                "健全政府信息发布审核机制，对拟公开信息实行三级审核。开展规范性文件清理工作，对现行有效文件实行动态管理，及时公开清理结果。",
                f"完善信息公开属性源头认定机制，公文办理时同步确定公开属性。全年开展信息发布自查{rng.randint(4, 12)}次，及时整改发现的问题。",
                "规范政府信息公开标准目录管理，细化公开事项、公开时限和公开方式，确保信息发布准确规范。",
                "建立政策文件库，集中公开现行有效的规范性文件，并对已失效、废止的文件进行标注。",
            ),
        )
    )

    _extra(w, "s1c", out, chance)

    # （四）平台建设
    out.append(
        _subhead(
            w,
            "s1d",
            ("（四）政府信息公开平台建设", "（四）平台建设情况", "（四）政府信息公开平台建设情况"),
        )
    )
    out.append(
        w.pick(
            "s1d.body",
            (
                f"持续优化{v.site}“政府信息公开”专栏，规范栏目设置，提升检索便利度。加强{v.wechat}建设，全年推送信息{rng.randint(120, 600)}条。",
                f"以{v.site}为第一平台，整合政府信息公开指南、制度、年报等栏目，做到信息分类清晰、更新及时。完成网站适老化和无障碍改造。",
                f"加强政府网站和政务新媒体管理，落实内容审核和值班读网制度，{v.wechat}全年发布信息{rng.randint(120, 600)}条，阅读量持续增长。",
                "在政务服务大厅、档案馆、图书馆设立政府信息公开查阅点，为群众查阅政府信息提供便利。",
            ),
        )
    )

    _extra(w, "s1d", out, chance)

    # （五）监督保障
    out.append(_subhead(w, "s1e", ("（五）监督保障", "（五）监督保障情况", "（五）强化监督保障")))
    training = w.pick(
        "s1e.train",
        (
            f"全年组织政务公开业务培训{n_train}次，参训{n_people}人次。",
            f"开展政务公开专题培训{n_train}次，覆盖{n_people}人次，工作人员业务能力进一步提升。",
            f"举办政府信息公开业务培训班{n_train}期，培训工作人员{n_people}人次。",
        ),
    )
    if agency.level == "gov":
        accountability = w.pick(
            "s1e.gov",
            (
                f"将政务公开工作考核纳入{v.whole}绩效考核体系，实行定期通报制度。通过聘请社会评议员、开展网上评议等方式开展社会评议，{year}年未发生因政府信息公开工作引发的责任追究情况。",
                f"把政府信息公开工作考核纳入年度目标管理，组织开展社会评议，评议结果总体满意。本年度{v.whole}未发生政府信息公开工作责任追究事项。",
                "严格落实政务公开工作考核、社会评议和责任追究制度，考核结果作为年度绩效评价的重要依据；邀请人大代表、政协委员和群众代表参与社会评议。全年无责任追究情况。",
            ),
        )
        out.append(training + accountability)
    else:
        out.append(
            training
            + w.pick(
                "s1e.dept",
                (
                    "将政府信息公开工作纳入内部绩效考核，定期开展自查自纠，发现问题及时整改。",
                    "主动接受社会监督，通过网站留言、电话等渠道收集意见建议，持续改进工作。",
                    "建立信息公开工作台账，明确责任科室和责任人，确保各项工作落到实处。",
                ),
            )
        )
    _extra(w, "s1e", out, chance)
    return out


def _applications(agency: Agency, year: int, facts: Facts, w: Writer) -> str:
    """The sentence giving the year's application figures (the NARR-T3 facts)."""
    t3 = facts.t3 if facts.t3 is not None else facts.hidden_t3
    assert t3 is not None
    v = Voice.of(agency)

    def tot(row: str) -> int:
        return int(t3[row]["TOT"])  # type: ignore[arg-type]

    def group(prefix: str) -> int:
        return sum(tot(r) for r in t3 if r.startswith(prefix + "_"))

    if w.numberless:
        return w.pick(
            "s1b.nums",
            (
                "全年收到和处理政府信息公开申请的具体情况详见本报告第三部分。",
                f"{year}年政府信息公开申请的受理和办理情况见下文表格。",
                "依申请公开的收到和办理数据详见“收到和处理政府信息公开申请情况”统计表。",
            ),
        )
    new, ci, r7, co = tot("NEW"), tot("CARRY_IN"), tot("R7"), tot("CARRY_OUT")
    if facts.stated_new is not None:
        # The figure a careless editor typed differs from the table's 一、本年新收.
        w.picks["s1b.nums"] = 0
        return (
            f"{year}年，{v.name}共新收政府信息公开申请{facts.stated_new}件，上年结转{ci}件；"
            f"已办结{r7}件，结转下年度继续办理{co}件。"
        )
    if new == 0 and ci == 0:
        return w.pick(
            "s1b.nums",
            (
                f"{year}年，{v.name}未收到政府信息公开申请。",
                f"{year}年度，{v.we}未收到政府信息公开申请，无上年结转申请。",
                f"本年度{v.we}未收到政府信息公开申请。",
            ),
        )
    return w.pick(
        "s1b.nums",
        (
            f"{year}年，{v.name}共新收政府信息公开申请{new}件，上年结转{ci}件；已办结{r7}件，结转下年度继续办理{co}件。",
            f"全年共受理政府信息公开申请{new + ci}件，其中上年结转{ci}件；已答复{r7}件，结转下年度{co}件。",
            f"{year}年共收到政府信息公开申请{new}件，办结{r7}件，其中予以公开{tot('R1')}件，部分公开{tot('R2')}件，不予公开{group('R3')}件，无法提供{group('R4')}件，不予处理{group('R5')}件，其他处理{group('R6')}件。",
            f"本年度新收政府信息公开申请{new}件，加上上年结转的{ci}件，共办结{r7}件，另有{co}件结转下年度继续办理。",
        ),
    )


def _reviews(year: int, facts: Facts, w: Writer, v: Voice) -> str:
    rev = int(facts.t4["REV"]["TOT"])  # type: ignore[arg-type]
    lit = int(facts.t4["LD"]["TOT"]) + int(facts.t4["LR"]["TOT"])  # type: ignore[arg-type]
    if (rev == 0 and lit == 0) or w.numberless:
        return ""
    return w.pick(
        "s1b.rev",
        (
            f"全年因政府信息公开工作被申请行政复议{rev}件，被提起行政诉讼{lit}件。",
            f"{year}年，{v.we}因政府信息公开被申请行政复议{rev}件、提起行政诉讼{lit}件，均已依法应诉或答复。",
            "",
        ),
    )


def no_cases_note(year: int, agency: Agency) -> str:
    """Section 四's lead sentence when there were no 复议/诉讼 at all."""
    return f"{year}年，{Voice.of(agency).name}未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"


# ---- section 五 --------------------------------------------------------------------------------


def write_s5(agency: Agency, year: int, w: Writer) -> list[str]:
    v = Voice.of(agency)
    k = w.rng.randint(2, 3)
    problems = w.sample(PROBLEMS, k)
    fixes = w.sample(IMPROVEMENTS, k)
    shape = w.pick("s5.shape", ("split", "review", "single"))
    if shape == "split":
        return [
            w.pick("s5.h1", ("（一）存在的主要问题", "（一）存在问题")),
            f"{year}年，{v.name}政府信息公开工作取得了一定成效，但仍存在一些不足：{_ordinal_list(problems)}",
            w.pick("s5.h2", ("（二）改进情况", "（二）改进措施")),
            f"{year + 1}年，{v.we}将重点做好以下工作：{_ordinal_list(fixes)}",
        ]
    if shape == "review":
        last = w.sample(IMPROVEMENTS, 2)
        return [
            "（一）上年度存在问题的改进情况",
            f"针对上年度报告中提出的问题，{v.we}{_ordinal_list(last, sep='，')}",
            "（二）本年度存在的主要问题及改进措施",
            f"本年度存在的主要问题：{_ordinal_list(problems)}下一步，{v.we}将{_ordinal_list(fixes)}",
        ]
    return [
        f"对照新形势新要求，{v.name}政府信息公开工作还存在一些问题，{_ordinal_list(problems, sep='；')}"
        f"下一步，{v.we}将{_ordinal_list(fixes)}"
    ]


# ---- section 六 --------------------------------------------------------------------------------


def fee_statement(agency: Agency, year: int, fee: Fee, w: Writer) -> str:
    v = Voice.of(agency)
    if fee.notices:
        return (
            f"{year}年{v.name}共发出收费通知{fee.notices}件，总金额为{fee.amount}元；"
            f"实际收取的总金额为{fee.collected}元。"
        )
    return w.pick(
        "s6.fee",
        (
            f"{year}年，{v.name}发出收费通知的件数和总金额以及实际收取的总金额均为0。",
            "本年度发出收费通知的件数和总金额以及实际收取的总金额均为0。",
            f"（一）信息处理费收取情况。{year}年度发出收费通知的件数和总金额以及实际收取的总金额均为0。",
        ),
    )


def write_s6(agency: Agency, year: int, fee: Fee, w: Writer, *, with_fee: bool = True) -> list[str]:
    v = Voice.of(agency)
    out = [fee_statement(agency, year, fee, w)] if with_fee else []
    extra = w.pick(
        "s6.extra",
        (
            f"{year}年，{v.name}共承办人大代表建议{w.rng.randint(2, 40)}件、政协委员提案{w.rng.randint(2, 50)}件，均已按期办结，办理复文已按规定公开。",
            f"{v.we}认真落实《{year}年政务公开工作要点》，各项任务均已按要求完成。",
            "本年度无其他需要报告的事项。",
            "",
        ),
    )
    if extra:
        out.append(extra)
    if not out:
        # A section 六 that says nothing at all is a different fault (SEC-EMPTY) than the one a
        # missing fee statement is meant to show.
        out.append(f"{v.we}认真落实《{year}年政务公开工作要点》，各项任务均已按要求完成。")
    return out
