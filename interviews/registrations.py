"""What interviews registers with the apps below it, which never import it.
InterviewsConfig.ready() calls register() in every process, web and worker."""

from __future__ import annotations


def register() -> None:
    pass
