"""The conversation on a request for assistance, after it is made: the LO's questions and the
requester's answers (the deadline clock stops meanwhile), messages between the two, announced
delays, redirection of a declined request, and the handover of an officer's open taskings.

Each change follows the tasking lifecycle's rules (service/usecases/taskings.py): role and scope
checked, a stale version is CONFLICT, an illegal transition BAD_USER_INPUT naming the state, and
the change, its event and its consultation record are one unit of work; subscribers hear of it
after the commit.

Modules: clarification, messages, delays, redirect, handover; models (what is read back). They
are imported one by one (this package imports none: the read model, reads.py, uses `models`).
"""
