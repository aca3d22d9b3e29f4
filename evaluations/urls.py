"""The participants' evaluations: a reflection on each meeting, the final evaluation."""

urlpatterns: list = []
