from django.urls import reverse


def test_a_school_outside_scope_in_the_filter_is_an_error_not_everything(persona_client, county):
    response = persona_client("coordinator").get(
        reverse("pupils:list"), {"school": str(county.school_c.pk)}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Select a school from the list" in html
    assert "Osei" not in html  # no results are shown under a filter that was not applied
    assert "Nowak" not in html


def test_filters_narrow_the_list(persona_client, county):
    response = persona_client("coordinator").get(
        reverse("pupils:list"), {"school": str(county.school_b.pk)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hart" in html
    assert "Osei" not in html
