"""Realistic, reproducible plan data: the example province and benchmark provinces.

Content comes from small pools of the needs, activities and value chains that
mountain communes of Cao Bằng actually plan for; figures are illustrative.
The same seed always gives the same files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from sedp.authoring.yamltext import ScaffoldError, render, round_trip_yaml, schema_comment
from sedp.core.fmt import yaml_number
from sedp.core.text import slug
from sedp.source.handbook import PLAN_FILE, STORY_FILE, Handbook, locked_statuses
from sedp.source.readings import needs_quotes
from sedp.source.repository import refuse_writing_into_sources

VILLAGE_PARTS_1 = ["Nà", "Bản", "Khuổi", "Pò", "Lũng", "Phja", "Cốc", "Khau", "Thua", "Nặm", "Còn", "Pác"]
VILLAGE_PARTS_2 = ["Lẹng", "Chang", "Khoang", "Dạo", "Mò", "Đâu", "Rảo", "Phầy", "Giàng", "Tổng", "Lìn", "Slam",
                   "Mạ", "Sliểng", "Coóc", "Pàn", "Hoi", "Nhùng"]
ETHNIC_GROUPS = [["Tày", "Nùng"], ["Nùng"], ["Tày"], ["Dao", "Tày"], ["H'Mông"], ["Nùng", "Kinh"], ["Sán Chỉ", "Tày"]]
SURNAMES = ["Nông", "Hoàng", "Lương", "Đàm", "Lục", "Triệu", "Mã", "Lý", "Bế", "Hà", "Lô", "Vi"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc"]
GIVEN = ["Thắng", "Hoa", "Tuấn", "Lan", "Đông", "Hương", "Quyết", "Mai", "Sơn", "Thu", "Cường", "Nguyệt"]

# (sector, problem, cause, solution, activity, climate tag); {a} {b} are villages, {x} a size.
NEEDS: list[tuple[str, str, str, str, str, str]] = [
    ("giao_thong", "Đường liên thôn {a} – {b} dài {x} km là đường đất, mùa mưa lầy lội",
     "Chưa được đầu tư cứng hóa", "Bê tông hóa {x} km đường liên thôn",
     "Bê tông hóa đường liên thôn {a} – {b} ({x} km)", "khong"),
    ("thuy_loi", "Mương thủy lợi thôn {a} bị sạt lở, thiếu nước tưới cho {x}0 ha lúa",
     "Mương đất xuống cấp sau mưa lũ", "Kiên cố hóa kênh mương",
     "Kiên cố hóa {x}00 m kênh mương thôn {a}", "thich_ung"),
    ("nuoc_sinh_hoat", "Thôn {a} thiếu nước sinh hoạt vào mùa khô",
     "Nguồn nước tự chảy cạn, chưa có bể chứa", "Xây bể chứa và đường ống dẫn nước tập trung",
     "Xây dựng công trình nước sinh hoạt tập trung thôn {a}", "thich_ung"),
    ("chan_nuoi", "Trâu, bò bị chết rét trong mùa đông",
     "Chuồng trại tạm bợ, thiếu thức ăn dự trữ", "Hỗ trợ làm chuồng kín gió, trồng cỏ và ủ thức ăn",
     "Hỗ trợ {x}0 hộ làm chuồng trại và dự trữ thức ăn cho trâu, bò qua đông", "thich_ung"),
    ("trong_trot", "Năng suất lúa, ngô thấp",
     "Giống cũ thoái hóa, người dân thiếu kỹ thuật", "Hỗ trợ giống mới và tập huấn kỹ thuật canh tác",
     "Hỗ trợ giống ngô lai và tập huấn kỹ thuật cho {x}0 hộ", "khong"),
    ("lam_nghiep", "Diện tích đất đồi bỏ trống, dễ xói mòn",
     "Người dân thiếu vốn mua cây giống", "Hỗ trợ cây giống trồng rừng sản xuất",
     "Hỗ trợ cây giống hồi, keo trồng {x}0 ha rừng sản xuất", "giam_nhe_rui_ro"),
    ("giao_duc", "Điểm trường mầm non thôn {a} xuống cấp, dột nát",
     "Phòng học tạm xây từ lâu", "Sửa chữa phòng học, xây nhà vệ sinh",
     "Sửa chữa điểm trường mầm non thôn {a}", "khong"),
    ("y_te", "Trẻ em suy dinh dưỡng, người dân ít hiểu biết chăm sóc sức khỏe",
     "Thiếu thông tin, tập quán cũ", "Truyền thông dinh dưỡng và chăm sóc bà mẹ, trẻ em tại thôn",
     "Tổ chức {x} buổi truyền thông dinh dưỡng tại các thôn", "khong"),
    ("van_hoa_xa_hoi", "Nhà văn hóa thôn {a} chật, dột, không đủ chỗ họp",
     "Xây dựng đã lâu, chưa được sửa chữa", "Sửa chữa, mở rộng nhà văn hóa thôn",
     "Sửa chữa nhà văn hóa thôn {a}", "khong"),
    ("thich_ung_bdkh", "Taluy đường vào thôn {a} thường sạt lở mỗi mùa mưa",
     "Mưa lớn kéo dài, đất đồi dốc", "Xây kè đá và trồng cây chống sạt lở",
     "Xây kè chống sạt lở đường vào thôn {a} ({x}0 m)", "giam_nhe_rui_ro"),
    ("moi_truong", "Rác thải sinh hoạt ở trung tâm xã chưa được thu gom",
     "Chưa có điểm tập kết rác", "Xây điểm tập kết và tổ thu gom rác",
     "Xây {x} điểm tập kết rác thải và thành lập tổ thu gom", "khong"),
    ("dien", "Một số hộ ở thôn {a} chưa có điện lưới quốc gia",
     "Nhà ở phân tán, xa đường điện", "Kéo đường điện hạ thế đến các hộ",
     "Kéo {x} km đường điện hạ thế đến thôn {a}", "khong"),
]

VALUE_CHAINS = [
    ("Thạch đen", "120 ha, 600 hộ trồng", "Hộ trồng, thương lái, cơ sở chế biến", "Công ty chế biến thạch, thương lái Lạng Sơn",
     "Giá bấp bênh, chưa có liên kết tiêu thụ ổn định", "Liên kết tiêu thụ, hỗ trợ máy sấy"),
    ("Hồi", "300 ha", "Hộ trồng, cơ sở chưng cất tinh dầu", "Doanh nghiệp tinh dầu, thương lái",
     "Cây già cỗi, năng suất giảm", "Hỗ trợ giống, kỹ thuật chăm sóc và chưng cất"),
    ("Gà thả đồi", "15.000 con/năm", "Hộ nuôi, thương lái", "Chợ huyện, nhà hàng thành phố Cao Bằng",
     "Dịch bệnh, giống chưa đồng đều", "Tiêm phòng, chuồng trại, con giống"),
    ("Bò vàng", "2.000 con", "Hộ nuôi, thương lái", "Thương lái trong và ngoài tỉnh",
     "Rét đậm rét hại, thiếu thức ăn mùa đông", "Trồng cỏ, chuồng kín gió"),
    ("Miến dong", "80 ha dong riềng", "Hộ trồng, hợp tác xã chế biến", "Hợp tác xã miến dong, siêu thị",
     "Chế biến thủ công, mẫu mã chưa hấp dẫn", "Máy chế biến, nhãn hiệu tập thể"),
    ("Chè", "60 ha", "Hộ trồng, hợp tác xã", "Hợp tác xã chè, khách du lịch",
     "Chưa có chứng nhận an toàn", "Tập huấn VietGAP, bao bì"),
    ("Lạc", "150 ha", "Hộ trồng, thương lái", "Thương lái, cơ sở ép dầu",
     "Hạn hán đầu vụ", "Giống chịu hạn, tưới tiết kiệm"),
]

HAZARD_DAMAGE = {
    "lu_quet": "Cuốn trôi {x} ha hoa màu, hư hỏng đường nội đồng",
    "sat_lo_dat": "Sạt lở taluy, ách tắc giao thông {x} ngày",
    "han_han": "{x}0 ha lúa, ngô thiếu nước",
    "ret_dam_ret_hai": "Chết {x}0 con trâu, bò",
    "mua_da": "Hư hỏng mái nhà của {x}0 hộ",
    "dong_loc": "Tốc mái {x} nhà, đổ cây",
}

SOURCES = ["ngan_sach_xa", "ngan_sach_huyen", "ngan_sach_tinh", "chuong_trinh_mtqg",
           "doanh_nghiep", "chuong_trinh_du_an", "dan_dong_gop"]


@dataclass
class CommuneSpec:
    district: str  # folder name
    name: str
    code: str
    years: list[tuple[int, str, str]] = field(default_factory=list)  # (year, loai_nam, trang_thai)


def person(rng) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def money(rng, low: int, high: int, step: int = 5) -> Decimal:
    return Decimal(rng.randrange(low, high, step))


def attendance(rng, total_low: int, total_high: int) -> dict:
    total = rng.randint(total_low, total_high)
    return {
        "tong_so": total,
        "nu": rng.randint(total * 3 // 10, total * 5 // 10),
        "ngheo_can_ngheo": rng.randint(total // 10, total * 3 // 10),
        "dan_toc_thieu_so": rng.randint(total * 7 // 10, total),
        "doanh_nghiep": rng.randint(0, 3),
    }


def _concerning(activities: list, *words: str) -> str | None:
    """The code of the first activity whose name holds one of the words (what a comment speaks of)."""
    return next((a["ma"] for w in words for a in activities if w in a.get("ten", "").lower()), None)


def day(d: int, m: int, y: int) -> str:
    return f"{d:02d}/{m:02d}/{y}"


def commune_data(rng, spec: CommuneSpec) -> dict:
    used = set()
    villages = []
    for _ in range(rng.randint(5, 9)):
        while True:
            name = f"{rng.choice(VILLAGE_PARTS_1)} {rng.choice(VILLAGE_PARTS_2)}"
            if name not in used:
                used.add(name)
                break
        households = rng.randint(45, 140)
        villages.append({
            "ten": name,
            "so_ho": households,
            "ho_ngheo": rng.randint(households // 8, households // 3),
            "ho_can_ngheo": rng.randint(households // 12, households // 5),
            "dan_toc": list(rng.choice(ETHNIC_GROUPS)),
        })
    return {
        "ten": spec.name,
        "loai": "xã",
        "ma": spec.code,
        "dien_tich_km2": Decimal(rng.randrange(250, 900)) / 10,
        "dan_so": sum(v["so_ho"] for v in villages) * 4 + rng.randint(0, 99),
        "thon": villages,
    }


def plan_year(rng, commune: dict, year: int, kind: str, status: str, statuses: list[str],
              carried_needs: list | None = None) -> tuple[dict, list]:
    """Step files (file name -> data) filled as far as the status has gone."""
    villages = [v["ten"] for v in commune["thon"]]
    prev = year - 1
    reached = statuses.index(status)
    chains = rng.sample(VALUE_CHAINS, 2)
    chain_rows = [
        {"ma": f"CG{i + 1}", "san_pham": c[0], "quy_mo": c[1], "tac_nhan": c[2], "nguoi_mua": c[3],
         "han_che": c[4], "ho_tro_can_thiet": c[5], "diem": rng.randint(60, 95)}
        for i, c in enumerate(chains)
    ]
    resources: list[dict[str, Any]] = [{"nguon_von": s, "kinh_phi": money(rng, 500, 9000, 50)} for s in SOURCES if rng.random() < 0.8]
    step1: dict[str, Any] = {
        "hoi_nghi": {"ngay": day(rng.randint(1, 15), 7, prev), "dia_diem": "Hội trường UBND xã",
                     "chu_tri": person(rng), "tham_du": attendance(rng, 25, 45)},
        "to_cong_tac": [
            {"ho_ten": person(rng), "chuc_vu": "Chủ tịch UBND xã", "vai_tro": "to_truong"},
            {"ho_ten": person(rng), "chuc_vu": "Công chức Tài chính – Kế toán", "vai_tro": "to_pho"},
            {"ho_ten": person(rng), "chuc_vu": "Công chức Văn phòng – Thống kê", "vai_tro": "thu_ky"},
            {"ho_ten": person(rng), "chuc_vu": "Chủ tịch Hội Phụ nữ xã", "vai_tro": "thanh_vien"},
            {"ho_ten": person(rng), "chuc_vu": "Cán bộ Khuyến nông xã", "vai_tro": "thanh_vien"},
        ],
        "nguon_luc_5_nam": {
            "giai_doan": f"{year}-{year + 4}",
            "nguon": resources,
            "tong_cong": sum((r["kinh_phi"] for r in resources), Decimal(0)),
        },
        "thien_tai": [
            {"nam": prev - k, "loai": hazard, "thon": rng.sample(villages, 2),
             "thiet_hai": HAZARD_DAMAGE[hazard].format(x=rng.randint(2, 9)),
             "uoc_thiet_hai": money(rng, 50, 900, 10), "so_ho_anh_huong": rng.randint(5, 60)}
            for k, hazard in enumerate(rng.sample(sorted(HAZARD_DAMAGE), 3))
        ],
        "chuoi_gia_tri": chain_rows,
    }
    needs = []
    for i, template in enumerate(rng.sample(NEEDS, rng.randint(6, 9))):
        sector, problem, cause, solution, _, _ = template
        a, b = rng.sample(villages, 2)
        x = rng.randint(2, 6)
        village = next(v for v in commune["thon"] if v["ten"] == a)  # a need counts its own village's households
        households = rng.randint(village["so_ho"] // 3, village["so_ho"])
        poor = min(households, village["ho_ngheo"])
        needs.append({
            "ma": f"NC{i + 1:02d}", "thon": a, "linh_vuc": sector,
            "van_de": problem.format(a=a, b=b, x=x), "nguyen_nhan": cause,
            "giai_phap": solution.format(x=x), "dia_diem": f"Thôn {a}",
            "ho_huong_loi": households, "ho_ngheo_huong_loi": rng.randint(poor // 2, poor),
            "xep_hang_thon": rng.randint(1, 3), "dan_dong_gop": "Công lao động, vật liệu tại chỗ",
            "trang_thai": "moi" if kind == "thu_thap_nhu_cau" else rng.choice(["moi", "dang_thuc_hien"]),
            "nam_thu_thap": year if kind == "thu_thap_nhu_cau" else prev,
        })
    if carried_needs:  # a review year keeps the needs collected earlier, with their status
        needs = [{**n, "trang_thai": rng.choice(["moi", "dang_thuc_hien", "hoan_thanh"])} for n in carried_needs]
    step2: dict = {"hop_thon": [], "nhu_cau": needs, "hop_doanh_nghiep": []}
    if kind == "thu_thap_nhu_cau":
        step2["hop_thon"] = [
            {"thon": v, "ngay": day(rng.randint(1, 28), 8, prev), "tham_du": attendance(rng, 30, 80)}
            for v in villages
        ]
    else:
        step2["hop_ra_soat"] = {
            "ngay": day(rng.randint(1, 28), 8, prev),
            "tham_du": {**attendance(rng, 20, 40), "doanh_nghiep": len(chain_rows)},  # the cooperatives below came
            "noi_dung": "Rà soát nhu cầu thị trường và các hoạt động tại Biểu 7 đã được HĐND xã thông qua",
        }
    step2["hop_doanh_nghiep"] = [
        {"ngay": day(rng.randint(1, 28), 8, prev), "doanh_nghiep": f"Hợp tác xã {c['san_pham']} {commune['ten']}",
         "san_pham": c["san_pham"], "chuoi_gia_tri": c["ma"], "so_luong": f"{rng.randint(10, 90)} tấn/năm",
         "yeu_cau_chat_luong": "Đồng đều, không dư lượng thuốc bảo vệ thực vật",
         "gia": f"{rng.randint(12, 60)}.000 đồng/kg", "cam_ket": "Bao tiêu sản phẩm theo hợp đồng"}
        for c in chain_rows
    ]
    if step2["hop_thon"]:  # the cooperatives of the market meetings came to the first village meeting
        first = step2["hop_thon"][0]["tham_du"]
        first["doanh_nghiep"] = max(first["doanh_nghiep"], len(chain_rows))
    # closed needs last: the year's activities answer open ones (a closed need answered is warned about)
    ranked = sorted(needs, key=lambda n: (n["trang_thai"] == "hoan_thanh", rng.random()))
    scores = sorted(rng.sample(range(40, 96), len(ranked)), reverse=True)  # ranks follow scores
    step3 = {
        "xep_hang": [
            {"nhu_cau": n["ma"], "thu_hang": rank + 1, "diem": scores[rank],
             "so_thon_de_xuat": rng.randint(1, len(villages)),
             "chuoi_gia_tri": rng.choice([c["ma"] for c in chain_rows]) if n["linh_vuc"] in ("trong_trot", "chan_nuoi", "lam_nghiep") else None,
             "rui_ro_khi_hau": "Chịu ảnh hưởng của mưa lũ, cần thiết kế chống sạt lở" if rank % 3 == 0 else "Thấp",
             "ket_luan": "Đưa vào kế hoạch năm" if rank < 6 else "Đưa vào Biểu 7 các năm sau"}
            for rank, n in enumerate(ranked)
        ],
        "danh_gia_nam_truoc": [
            {"chi_tieu": "Tổng sản lượng lương thực có hạt", "don_vi": "tấn",
             "ke_hoach": rng.randint(1800, 3200), "thuc_hien": rng.randint(1700, 3300)},
            {"chi_tieu": "Tỷ lệ hộ nghèo", "don_vi": "%", "ke_hoach": Decimal(rng.randint(150, 400)) / 10,
             "thuc_hien": Decimal(rng.randint(150, 400)) / 10, "chieu": "giam"},
        ],
    }
    activities = []
    open_needs = [n for n in ranked if n["trang_thai"] != "hoan_thanh"] or ranked
    for i, n in enumerate(open_needs[:6]):
        template = next(t for t in NEEDS if t[0] == n["linh_vuc"])
        x = rng.randint(1, 5)
        budget = {}
        for source in rng.sample(SOURCES, rng.randint(2, 4)):
            budget[source] = money(rng, 20, 900, 5) + (Decimal("0.5") if rng.random() < 0.2 else 0)
        if i == 0:  # the district's comment YK01 (step 7) moved money from its budget to the people's share
            budget.setdefault("ngan_sach_huyen", money(rng, 20, 900, 5))
            budget.setdefault("dan_dong_gop", money(rng, 20, 300, 5))
        activity = {
            "ma": f"HD{i + 1:02d}", "ten": template[4].format(a=n["thon"], b=rng.choice(villages), x=x),
            "linh_vuc": n["linh_vuc"], "nhu_cau": [n["ma"]],
            "chuoi_gia_tri": next((r["chuoi_gia_tri"] for r in step3["xep_hang"] if r["nhu_cau"] == n["ma"]), None),
            "dia_diem": f"Thôn {n['thon']}", "thon": [n["thon"]], "khi_hau": template[5],
            "thoi_gian": {"bat_dau": f"{rng.randint(2, 5):02d}/{year}", "ket_thuc": f"{rng.randint(8, 12):02d}/{year}"},
            "don_vi_thuc_hien": "UBND xã", "kinh_phi": budget,
            "tong_kinh_phi": sum(budget.values(), Decimal(0)),
        }
        activities.append(activity)
    grain = rng.randint(1800, 3200)
    income = rng.randint(18, 30)
    poor = Decimal(rng.randint(200, 400)) / 10
    stunting = Decimal(rng.randint(150, 250)) / 10
    forest = Decimal(rng.randint(550, 700)) / 10
    step4: dict[str, Any] = {
        "thuyet_minh": {  # the plan's own words, as long as a working group writes them
            "danh_gia_chung": f"Hoàn thành phần lớn các hoạt động của năm {prev}; một số công trình ở thôn "
                              f"{villages[-1]} chậm tiến độ do mưa lũ.\nCông tác huy động nguồn lực còn hạn chế.",
            "boi_canh": {
                "thuan_loi": f"Đường liên thôn {villages[0]} – {villages[1]} đã được cứng hóa; người dân tích cực "
                             "tham gia lập kế hoạch.",
                "kho_khan": "Địa hình chia cắt, tỷ lệ hộ nghèo còn cao; nguồn lực của xã hạn hẹp.",
                "rui_ro_thien_tai_khi_hau": "Lũ quét, sạt lở đất vào mùa mưa; rét đậm, rét hại vào mùa đông.",
                "thi_truong": "Hợp tác xã và thương lái thu mua nông sản tại xã; giá ổn định.",
            },
            "muc_tieu_chung": "Phát triển sản xuất theo chuỗi giá trị, giảm nghèo bền vững, chủ động phòng "
                              "chống thiên tai.",
            "giai_phap": "Lồng ghép các nguồn vốn.\nHuy động người dân đóng góp ngày công, vật liệu tại chỗ.\n"
                         "Tập huấn kỹ thuật sản xuất cho các hộ tham gia chuỗi giá trị.",
            "to_chuc_thuc_hien": "UBND xã chỉ đạo chung.\nCác công chức chuyên môn theo dõi từng hoạt động.\n"
                                 "Trưởng thôn vận động người dân tham gia.",
            "theo_doi_giam_sat": "Báo cáo tiến độ hằng quý.\nBan giám sát đầu tư của cộng đồng giám sát các "
                                 "công trình.",
        },
        "chi_tieu": [
            {"ma": "CT01", "nhom": "kinh_te", "ten": "Tổng sản lượng lương thực có hạt", "don_vi": "tấn",
             "uoc_thuc_hien": grain, "ke_hoach": grain + rng.randint(20, 150)},
            {"ma": "CT02", "nhom": "kinh_te", "ten": "Thu nhập bình quân đầu người", "don_vi": "triệu đồng/người/năm",
             "uoc_thuc_hien": income, "ke_hoach": income + rng.randint(1, 3)},
            {"ma": "CT03", "nhom": "xa_hoi", "ten": "Tỷ lệ hộ nghèo", "don_vi": "%",
             "uoc_thuc_hien": poor, "ke_hoach": poor - Decimal(rng.randint(20, 50)) / 10, "chieu": "giam"},
            {"ma": "CT04", "nhom": "xa_hoi", "ten": "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng", "don_vi": "%",
             "uoc_thuc_hien": stunting, "ke_hoach": stunting - Decimal(rng.randint(5, 15)) / 10, "chieu": "giam"},
            {"ma": "CT05", "nhom": "moi_truong", "ten": "Tỷ lệ che phủ rừng", "don_vi": "%",
             "uoc_thuc_hien": forest, "ke_hoach": forest + Decimal(rng.randint(2, 10)) / 10},
        ],
        "hoat_dong": activities,
    }
    step5: dict = {
        "hoi_nghi": {"ngay": day(rng.randint(1, 20), 9, prev), "dia_diem": "Hội trường UBND xã",
                     "tham_du": attendance(rng, 40, 70)},
        "y_kien": [
            {"nguoi_neu": f"Trưởng thôn {villages[0]}", "chu_the": "nguoi_dan",
             "muc": _concerning(activities, "đường liên thôn", "kè chống sạt lở đường"), "noi_dung": "Đề nghị ưu tiên làm đường trước mùa mưa",
             "tra_loi": "Tiếp thu, điều chỉnh thời gian khởi công sang tháng 3", "cach_xu_ly": "tiep_thu"},
            {"nguoi_neu": "Hội Phụ nữ xã", "chu_the": "doan_the",
             "muc": _concerning(activities, "dinh dưỡng") or "CT04",
             "noi_dung": "Đề nghị tăng số buổi truyền thông dinh dưỡng",
             "tra_loi": "Tiếp thu trong phạm vi nguồn vốn", "cach_xu_ly": "tiep_thu"},
        ],
    }
    for comment in step5["y_kien"]:
        if comment["muc"] is None:  # no activity of that kind this year: the comment concerns no item
            del comment["muc"]
    step6 = {"ngay_gui": day(rng.randint(1, 15), 10, prev), "so_van_ban": f"{rng.randint(30, 120)}/UBND",
             "noi_nhan": "Phòng Tài chính – Kế hoạch huyện",
             "tai_lieu": ["Dự thảo kế hoạch phát triển kinh tế - xã hội", "Các biểu 1–7"]}
    step7 = {"y_kien": [
        {"ma": "YK01", "co_quan": "Phòng Tài chính – Kế hoạch", "ngay": day(rng.randint(16, 30), 10, prev),
         "noi_dung": "Cân đối lại nguồn ngân sách huyện cho hoạt động HD01 theo khả năng bố trí vốn",
         "muc": "HD01",
         "tra_loi": {"ngay": day(rng.randint(1, 10), 11, prev), "cach_xu_ly": "tiep_thu",
                     "noi_dung": "Đã giảm vốn ngân sách huyện, tăng phần dân đóng góp bằng công lao động",
                     "thay_doi": "Sửa hoạt động HD01 trong bước 4"}},
        {"ma": "YK02", "co_quan": "Phòng Nông nghiệp và Phát triển nông thôn", "ngay": day(rng.randint(16, 30), 10, prev),
         "noi_dung": "Bổ sung giải pháp thích ứng rét đậm, rét hại cho chăn nuôi",
         "tra_loi": {"ngay": day(rng.randint(1, 10), 11, prev), "cach_xu_ly": "giai_trinh",
                     "noi_dung": "Nội dung đã có trong hoạt động hỗ trợ chuồng trại của Biểu 7"}},
    ]}
    step8 = {"to_trinh": {"so": f"{rng.randint(10, 60)}/TTr-UBND", "ngay": day(rng.randint(20, 30), 11, prev),
                          "noi_dung": f"Về việc thông qua Kế hoạch phát triển kinh tế - xã hội năm {year}"}}
    delegates = rng.randint(20, 30)
    present = delegates - rng.randint(0, 3)
    sitting = day(rng.randint(10, 20), 12, prev)
    number = f"{rng.randint(10, 40)}/NQ-HĐND"
    rng.randint(20, 28)  # drawn as before, so that a seed gives the same province as it did
    step9 = {
        "ky_hop": {"ngay": sitting, "ten": "Khóa XXI, kỳ họp thứ mười"},
        "nghi_quyet": {"so": number, "ngay": sitting},  # dated the day the sitting passed it
        "bieu_quyet": {"tong_dai_bieu": delegates, "co_mat": present, "tan_thanh": present - 1,
                       "khong_tan_thanh": 0, "khong_bieu_quyet": 1},
        "bieu_7": {
            "giai_doan": f"{year}-{year + 2}",
            "hoat_dong": [
                {"ten": next(t for t in NEEDS if t[0] == n["linh_vuc"])[3].format(x=3), "linh_vuc": n["linh_vuc"],
                 "nhu_cau": [n["ma"]], "dia_diem": f"Thôn {n['thon']}",
                 "nam_thuc_hien": [year + 1, year + 2] if i % 2 else [year + 1],
                 "kinh_phi_du_kien": money(rng, 200, 2000, 50),
                 "nguon_von": rng.sample(SOURCES, 2)}
                for i, n in enumerate(ranked[6:] or ranked[:2])
            ],
        },
    }
    step10 = {"cong_khai": {"ngay": day(rng.randint(2, 15), 1, year),
                            "hinh_thuc": ["niem_yet", "loa_truyen_thanh", "hop_thon"]},
              "theo_doi": [{"chi_tieu": c["ma"], "tan_suat": "Hằng quý", "don_vi_phu_trach": "Công chức Văn phòng – Thống kê"}
                           for c in step4["chi_tieu"][:3]]}
    steps = [step1, step2, step3, step4, step5, step6, step7, step8, step9, step10]
    # Which steps a status has reached: drafts hold steps 1–5, then one more step per status.
    filled_upto = {0: 5, 1: 6, 2: 7, 3: 9, 4: 10}.get(reached, 10)
    plan = {
        "nam_ke_hoach": year, "loai_nam": kind,
        "nam_thu_thap_nhu_cau": year if kind == "thu_thap_nhu_cau" else prev,
        "trang_thai": status,
        "so_ky_hieu": f"{rng.randint(20, 90)}/KH-UBND" if reached >= 3 else None,
        "ngay_ban_hanh": day(rng.randint(26, 31), 12, prev) if reached >= 3 else None,
        "dia_danh": commune["ten"],
        "nguoi_ky": {"chuc_vu": "Chủ tịch", "ho_ten": step1["to_cong_tac"][0]["ho_ten"]},
        "noi_nhan": ["UBND huyện", "Phòng Tài chính – Kế hoạch huyện", "Thường trực Đảng ủy, HĐND xã", "Lưu: VT"],
    }
    return plan, [s if i < filled_upto else None for i, s in enumerate(steps)]


# -- writing ------------------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    pass


def _decimal(dumper, value):
    # Written plain (850, 12.5) so that it reads back as the same exact Decimal;
    # 1.125 as 1.1250, which no Vietnamese reader takes for 1125.
    text = yaml_number(value)
    return dumper.represent_scalar("tag:yaml.org,2002:" + ("float" if "." in text else "int"), text)


def _text(dumper, value):
    # PyYAML quotes only what YAML 1.1 would misread; `01966` (a number to
    # YAML 1.2 and VS Code) and every other value some reader takes otherwise
    # are written in double quotes too.
    if needs_quotes(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(str, _text)
_Dumper.add_representer(type(None), lambda d, v: d.represent_scalar("tag:yaml.org,2002:null", ""))


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=110, indent=2)


def write_file(project: Path, path: Path, title: str, data: dict | None, rules: dict | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    header = schema_comment(path, project, path.name)
    if data is None:  # a step not reached yet: the commented template
        assert rules is not None, "a step not reached yet is written from its rules"
        body = render(rules, {}, title)
    else:
        body = f"# {title}\n\n" + dump(data)
    path.write_text(header + body, encoding="utf-8")


def write_commune(project: Path, handbook: Handbook, rng, spec: CommuneSpec) -> None:
    folder = project / "plans" / spec.district / slug(spec.name)
    commune = commune_data(rng, spec)
    write_file(project, folder / "commune.yaml", f"Thông tin chung của xã {spec.name}", commune)
    statuses = handbook.statuses()
    needs = None
    results: dict[str, int | Decimal] = {}  # last year's recorded result per target name
    for year, kind, status in spec.years:
        plan, steps = plan_year(rng, commune, year, kind, status, statuses,
                                carried_needs=needs if kind == "ra_soat" else None)
        needs = steps[1]["nhu_cau"]
        if results:  # last year's results are read from its record (model/lastyear.py), not typed again
            steps[2]["danh_gia_nam_truoc"] = []
            for target in steps[3]["chi_tieu"]:
                target["uoc_thuc_hien"] = results.get(target["ten"])
        results = {}
        year_dir = folder / str(year)
        write_file(project, year_dir / PLAN_FILE,
                   f"Kế hoạch phát triển kinh tế - xã hội năm {year} của xã {spec.name}", plan)
        for step, data in zip(handbook.steps, steps, strict=True):
            write_file(project, year_dir / step.file, f"Bước {step.number}. {step.title}", data,
                       handbook.rules[step.file])
        if handbook.records_file and status in locked_statuses(handbook):
            kept = record(rng, year, steps[3])
            write_file(project, year_dir / handbook.records_file,
                       f"Theo dõi thực hiện kế hoạch năm {year} của xã {spec.name}",
                       kept, handbook.rules[handbook.records_file])
            names = {t["ma"]: t["ten"] for t in steps[3]["chi_tieu"]}
            results = {names[t["ma"]]: t["ket_qua"][-1]["gia_tri"] for t in kept["chi_tieu"] if t["ket_qua"]}


# A plan year's implementation over its months: (status, progress %, share of the money paid).
PROGRESS = [("hoan_thanh", 100, 1), ("hoan_thanh", 100, Decimal("0.9")), ("dang_trien_khai", 60, Decimal("0.5")),
            ("dang_trien_khai", 30, Decimal("0.2")), ("chua_trien_khai", 0, 0), ("chuyen_nam_sau", 10, 0)]


def record(rng, year: int, step4: dict) -> dict:
    """Step 10's record of an approved plan year, as of 30 November: every activity
    with a status, progress and money paid within its plan; quarterly target results."""
    activities = []
    for activity in step4["hoat_dong"]:
        status, progress, paid = rng.choice(PROGRESS)
        item = {"ma": activity["ma"], "trang_thai": status, "tien_do": progress,
                "don_vi_thuc_hien": activity.get("don_vi_thuc_hien")}
        if paid:
            item["giai_ngan"] = {s: (v * paid).quantize(Decimal("0.1")) for s, v in activity["kinh_phi"].items()}
        if progress:
            item["ngay_bat_dau"] = day(rng.randint(1, 28), rng.randint(2, 5), year)
        if status == "hoan_thanh":
            item["ngay_hoan_thanh"] = day(rng.randint(1, 28), rng.randint(8, 10), year)
            item["giam_sat"] = [{"ngay": day(rng.randint(1, 28), 7, year),
                                 "phat_hien": "Khối lượng thi công đúng thiết kế; một đoạn rãnh thoát nước chưa hoàn thiện.",
                                 "kien_nghi": "Hoàn thiện rãnh thoát nước trước khi nghiệm thu.",
                                 "tra_loi": "Đơn vị thi công đã hoàn thiện.", "ngay_tra_loi": day(rng.randint(1, 28), 8, year)}]
        activities.append(item)
    targets = [{"ma": target["ma"], "ket_qua": [
        {"ngay": day(30, 6, year), "gia_tri": target["ke_hoach"] if target.get("chieu") == "giam" else
         (Decimal(target["ke_hoach"]) / 2).quantize(Decimal("0.1"))},
        {"ngay": day(30, 9, year), "gia_tri": target["ke_hoach"] + rng.choice([-1, 1])}]}
        for target in step4["chi_tieu"]]
    return {"ngay_cap_nhat": day(30, 11, year), "hoat_dong": activities, "chi_tieu": targets}


def write_province(project: Path, handbook: Handbook, name: str, code: str, districts: list[dict],
                   communes: list[CommuneSpec], seed: int = 1, note: str = "") -> None:
    rng = random.Random(seed)
    plans = project / "plans"
    province = {"ten": name, "ma": code, "co_quan": f"Sở Kế hoạch và Đầu tư tỉnh {name}",
                "cap_trung_gian": "Huyện", "ghi_chu": note or None}
    write_file(project, plans / "province.yaml", f"Tỉnh {name}", province)
    for district in districts:
        write_file(project, plans / district["thu_muc"] / "district.yaml", f"Huyện {district['ten']}",
                   {k: v for k, v in district.items() if k != "thu_muc"})
    for spec in communes:
        write_commune(project, handbook, rng, spec)


def place_names(rng, count: int) -> list[str]:
    """`count` distinct two-syllable place names ("Nà Lẹng"), numbered past the pool's size."""
    pool = [f"{a} {b}" for a in VILLAGE_PARTS_1 for b in VILLAGE_PARTS_2]
    rng.shuffle(pool)
    return [pool[i % len(pool)] + (f" {i // len(pool) + 1}" if i >= len(pool) else "") for i in range(count)]


def synthetic_province(project: Path, handbook: Handbook, communes: int, seed: int = 1, year: int = 2027,
                       records: bool = False) -> None:
    """A province of `communes` communes in districts of 10–20, for benchmarks and `sedp example`;
    with records, each commune also has the year before, published, with its implementation record."""
    rng = random.Random(seed)
    statuses = handbook.statuses()
    districts: list[dict] = []
    specs: list[CommuneSpec] = []
    commune_names = place_names(rng, communes)
    district_names = place_names(random.Random(seed + 1), communes // 10 + 1)
    index = 0
    while index < communes:
        number = len(districts) + 1
        size, remaining = rng.randint(10, 20), communes - index
        if remaining - size < 10:  # no district left with fewer than 10 communes
            size = remaining if remaining <= 20 else remaining - 10
        name = district_names[number - 1]
        districts.append({"thu_muc": slug(name), "ten": name, "loai": "huyện",
                          "ma": f"{100 + number % 900:03d}", "co_quan_duyet": "Phòng Tài chính – Kế hoạch",
                          "nguoi_duyet": [{"ho_ten": person(rng), "chuc_vu": "Trưởng phòng", "github": f"pkh-{number}"}]})
        for _ in range(size):
            years = [(year, "thu_thap_nhu_cau", rng.choice(statuses))]
            if records:  # the year before, approved and published, with a year of implementation records
                years = [(year - 1, "thu_thap_nhu_cau", statuses[-1]), (year, "ra_soat", years[0][2])]
            specs.append(CommuneSpec(district=slug(name), name=commune_names[index],
                                     code=f"{index + 1:05d}", years=years))
            index += 1
    write_province(project, handbook, "Tỉnh mẫu", "99", districts, specs, seed=seed,
                   note="Dữ liệu tổng hợp để đo hiệu năng.")


CALENDAR_RULE = "ngay-chua-toi"  # lien-buoc.yaml: what happened is not dated after today


def _undated(rules: Path) -> None:
    """The synthetic province's handbook without the rule that reads today's date: its plans
    simulate a cycle (a year's approval in December, its record through the year), not the
    calendar, so `sedp example` writes a province that validates whatever the day."""
    if not rules.is_file():
        return
    yaml = round_trip_yaml()
    data = yaml.load(rules)
    if not isinstance(data, dict) or CALENDAR_RULE not in data:
        return
    del data[CALENDAR_RULE]
    with rules.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    with rules.open("a", encoding="utf-8") as out:
        out.write(f"# {CALENDAR_RULE}: bỏ trong tỉnh mẫu (`sedp example`), vì ngày tháng của dữ liệu giả lập là một "
                  "chu kỳ kế hoạch, không theo lịch hôm nay.\n")


def new_example(project: Path, out: str, communes: int, seed: int, records: bool) -> None:
    """`sedp example`: a synthetic project in the folder `out`, new or empty, outside plans/ and schema/."""
    folder = Path(out)
    if folder.exists() and any(folder.iterdir()):
        raise ScaffoldError(f"Thư mục {out} đã có nội dung; hãy chọn một thư mục mới hoặc rỗng.")
    refuse_writing_into_sources(project, folder, "dự án mẫu")
    folder.mkdir(parents=True, exist_ok=True)
    synthetic_project(folder, project, communes=communes, seed=seed, records=records)


def synthetic_project(folder: Path, source: Path, communes: int, seed: int = 1, records: bool = False) -> Path:
    """A complete project in folder: source's schema/, docs/ and mkdocs.yml, and a
    synthetic province of `communes` communes (for benchmarks)."""
    import shutil

    from sedp.source.handbook import load_handbook

    for name in ("schema", "docs"):
        if (source / name).is_dir():
            shutil.copytree(source / name, folder / name)
    if (source / "mkdocs.yml").is_file():
        shutil.copy(source / "mkdocs.yml", folder / "mkdocs.yml")
    _undated(folder / "schema" / "quy-tac" / STORY_FILE)
    synthetic_province(folder, load_handbook(folder / "schema"), communes=communes, seed=seed, records=records)
    return folder
