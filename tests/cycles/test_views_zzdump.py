from tests.cycles.test_views import *
import pytest

@pytest.mark.parametrize("data", [
    {"date": "9999-12-31", "time": "23:00", "time_zone": "Pacific/Pago_Pago"},
    {"date": "9999-12-31", "time": "20:00", "duration_minutes": "480"},
    {"date": "0001-01-01", "time": "00:30", "time_zone": "Asia/Tokyo"},
])
def test_meeting_edge(client, pair, data):
    as_user(client, pair.mentee)
    r = client.post(url("meeting_new", pair), meeting_post(**data))
    print(r.status_code, field_errors(r, "date"))

@pytest.mark.parametrize("data", [
    {"start_date": "9999-12-31", "end_date": "9999-12-31"},
    {"start_date": "9999-10-01", "end_date": "9999-12-31"},
    {"start_date": "0001-01-01", "end_date": "0001-02-01"},
])
def test_agreement_edge(client, pair, data):
    as_user(client, pair.mentee)
    r = client.post(url("agreement_edit", pair), agreement_post(pair, **data))
    print(r.status_code, field_errors(r, "end_date"), field_errors(r, "start_date"))

def test_big_ids(client, pair):
    as_user(client, pair.mentee)
    AgreementFactory(mentorship=pair)
    print(client.get(reverse("goal_edit", args=[pair.public_id, 10**30])).status_code)
    print(client.get(reverse("agreement_version", args=[pair.public_id, 10**30])).status_code)
