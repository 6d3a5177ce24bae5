from sedp.core.text import fold, nfc, slug, vi_sort_key


def test_slug_maps_d_stroke_and_drops_marks():
    assert slug("Đức Long") == "duc-long"
    assert slug("Thụy Hùng") == "thuy-hung"
    assert slug("Lũng Nặm") == "lung-nam"


def test_fold_lets_people_search_without_diacritics():
    assert fold("Đức Long") == "duc long"
    assert fold(nfc("Nguyên Bình")) == fold("Nguye\u0302n Bi\u0300nh")


def test_vietnamese_alphabetical_order():
    names = ["Đức Long", "Dương", "Ân", "An", "Ba", "Ăn", "Ơn", "Ôn", "On", "Ca"]
    assert sorted(names, key=vi_sort_key) == ["An", "Ăn", "Ân", "Ba", "Ca", "Dương", "Đức Long", "On", "Ôn", "Ơn"]
