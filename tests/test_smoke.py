from django.urls import reverse


def test_start_page_is_public(client, db):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert b"Keep pupils at risk in education" in response.content


def test_school_staff_sees_own_pupils_only(persona_client, county):
    response = persona_client("school_a").get(reverse("pupils:list"))
    assert response.status_code == 200
    assert b"Osei" in response.content
    assert b"Hart" not in response.content
