"""The long-lived scheduler: APScheduler 3 with its job store in the archive directory.

* jobs and missed runs survive restarts (SQLAlchemy job store ``<archive>/scheduler.sqlite``);
* one harvest at a time (``max_instances=1``), missed runs coalesced into one, within a grace period;
* a second scheduler on the same archive is refused (an flock on ``<archive>/scheduler.lock``).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from archive.lock import FileLock, LockHeldError
from scheduler.settings import Settings, load_settings
from scheduler.triggers import harvest_trigger

logger = logging.getLogger(__name__)

JOB_ID = "nightly-harvest"
JOB_STORE = "scheduler.sqlite"
LOCK_NAME = "scheduler.lock"


class SchedulerRunningError(RuntimeError):
    """Another scheduler already runs on this archive."""


def run_harvest_job(archive_dir: str, settings_path: str | None) -> dict[str, Any]:
    """The job APScheduler stores (by reference, ``scheduler.service:run_harvest_job``): one harvest."""
    from scheduler.pipeline.harvest import harvest

    directory = Path(archive_dir)
    settings = load_settings(directory, Path(settings_path) if settings_path else None)
    result = harvest(directory, settings, trigger="schedule")
    logger.info("harvest %s finished: %s %s", result.run_id, result.status, result.stats)
    return {"run_id": result.run_id, "status": result.status}


def _jobstores(archive_dir: Path) -> dict[str, SQLAlchemyJobStore]:
    return {"default": SQLAlchemyJobStore(url=f"sqlite:///{archive_dir.resolve() / JOB_STORE}")}


def scheduler_lock(archive_dir: Path) -> FileLock:
    return FileLock(archive_dir / LOCK_NAME, "ogi schedule start")


def start(
    archive_dir: Path,
    settings: Settings,
    *,
    settings_path: Path | None = None,
    every_seconds: float | None = None,
    max_runs: int | None = None,
) -> int:
    """Run the blocking scheduler until interrupted (or until ``max_runs`` harvests ran); returns runs done."""
    archive_dir.mkdir(parents=True, exist_ok=True)
    lock = scheduler_lock(archive_dir)
    try:
        lock.acquire()
    except LockHeldError as exc:
        raise SchedulerRunningError(
            f"a scheduler is already running on {archive_dir} ({exc.holder}); "
            "stop it first, or use `ogi schedule run-now` for a one-off harvest"
        ) from None
    done = {"runs": 0}
    try:
        scheduler = BlockingScheduler(
            jobstores=_jobstores(archive_dir),
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": int(settings.schedule.misfire_grace_minutes * 60),
            },
            timezone=settings.schedule.timezone,
        )
        trigger: BaseTrigger
        if every_seconds:
            trigger = IntervalTrigger(seconds=every_seconds, timezone=settings.schedule.timezone)
        else:
            trigger = harvest_trigger(settings.schedule)

        def listener(event: JobExecutionEvent) -> None:
            if event.code == EVENT_JOB_MISSED:
                logger.warning("harvest missed its run time %s (beyond the grace period)", event.scheduled_run_time)
                return
            done["runs"] += 1
            if event.code == EVENT_JOB_ERROR:
                logger.error("harvest job raised: %s", event.exception)
            if max_runs is not None and done["runs"] >= max_runs:
                scheduler.shutdown(wait=False)

        scheduler.add_listener(listener, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        args = [str(archive_dir.resolve()), str(settings_path) if settings_path else None]
        _ensure_job(archive_dir, trigger, args, replace=bool(every_seconds), timezone=settings.schedule.timezone)
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            scheduler.start()
        return done["runs"]
    finally:
        lock.release()


def _ensure_job(
    archive_dir: Path, trigger: BaseTrigger, args: list[str | None], *, replace: bool, timezone: str
) -> None:
    """Put the harvest job in the store if it is missing (never re-add: that would drop a missed run)."""
    setup = BackgroundScheduler(jobstores=_jobstores(archive_dir), timezone=timezone)
    setup.start(paused=True)
    try:
        existing = setup.get_job(JOB_ID)
        if existing is None or replace:
            setup.add_job(
                "scheduler.service:run_harvest_job",
                trigger,
                args=args,
                id=JOB_ID,
                name="harvest",
                replace_existing=True,
            )
        else:
            if list(existing.args) != args:
                existing.modify(args=args)
            if str(existing.trigger) != str(trigger):  # the settings changed the schedule
                existing.reschedule(trigger)
        job = setup.get_job(JOB_ID)
        logger.info("harvest job ready; next run at %s", job.next_run_time if job else None)
    finally:
        setup.shutdown(wait=False)


@dataclass
class ScheduleStatus:
    running: bool
    holder: str
    next_run: datetime | None
    trigger: str


def status(archive_dir: Path) -> ScheduleStatus:
    """Whether a scheduler runs on the archive and when the next harvest is due (reads the job store)."""
    holder = scheduler_lock(archive_dir).holder()
    running = holder is not None
    holder = holder or ""
    if not (archive_dir / JOB_STORE).exists():
        return ScheduleStatus(running, holder, None, "")
    reader = BackgroundScheduler(jobstores=_jobstores(archive_dir))
    reader.start(paused=True)
    try:
        job = reader.get_job(JOB_ID)
        return ScheduleStatus(running, holder, job.next_run_time if job else None, str(job.trigger) if job else "")
    finally:
        reader.shutdown(wait=False)
