"""The registration lifecycle: a professional's status timeline in a register, derived from the
register's events and the engine's assessments (:func:`vakmanschap.lifecycle.timeline.timeline`)."""
