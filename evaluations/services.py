"""Writes for evaluations (SPEC §10): a participant's reflection on a session and her final
evaluation of a cycle; the staff's exports of the final evaluations.

Only the pair's two participants write their evaluations (``PermissionDenied`` otherwise); a
broken rule raises ``ValidationError`` with a message for the user. Emails go out after the
commit.
"""

# --- exports -------------------------------------------------------------------------------
