"""LibreOffice processes for the preview: killable runs, one profile per worker, a warm standby.

Why a standby: on this kind of machine most of a conversion is LibreOffice
starting (the demo draft: ~1.4 s with a fresh office). When an office is already
running on a profile, ``soffice --convert-to`` with the same profile only hands the
job to it over the profile's single-instance pipe and waits for the result (~0.4 s;
``python bench/preview.py --compare`` measures both).
That office quits once the job is done, so the worker starts the next standby in
the background, right after each conversion.

Why one profile per worker: two LibreOffice instances on one profile fail. A
worker is not thread-safe; give each thread its own.

Why profiles are swept: a bot killed with SIGKILL cannot stop its standby, and the
office (soffice.bin, a grandchild: soffice -> oosplash -> soffice.bin) outlives it,
~180 MB, with its profile in /tmp; a parent-death signal would reach only oosplash.
So each profile is named after the process that owns it (pid and start time), and
the first worker a process makes kills the offices of profiles whose owner is gone
and removes those profiles. A live owner's profile, or one named otherwise, is left.

Why a temp root of its own: the profiles and conversion folders live in
``office_temp_root()`` (``$TMPDIR/cwzs-office-<uid>``), never loose in the system temp
folder, so the sweep looks only at what this program made, and a process started with
another TMPDIR (a test run) neither sees nor removes another run's offices.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

# Where LibreOffice (its OSL layer) creates the single-instance pipe of a profile.
PIPE_DIR = Path("/tmp") if os.access("/tmp", os.W_OK) else Path("/var/tmp")
# How long a conversion waits for a just-started standby to open its pipe.
PIPE_WAIT_S = 3.0
# How long a finished standby may take to quit before we keep it as it is.
STANDBY_EXIT_WAIT_S = 10.0

OFFICE_FLAGS = ("--headless", "--invisible", "--nologo", "--nodefault", "--norestore", "--nolockcheck")

PROFILE_PREFIX = "cwzj-lo-profile-"
# cwzj-lo-profile-<owner pid>.<owner start time>-<random>
_OWNED_PROFILE = re.compile(rf"^{re.escape(PROFILE_PREFIX)}(\d+)\.(\d+)-")
_sweep_lock = threading.Lock()
_swept = False


class PreviewError(RuntimeError):
    """A conversion failed, timed out or produced nothing."""


def run_killable(
    command: list[str], timeout: float, what: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` in its own process group; on timeout kill the whole group."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=max(timeout, 0.001))
    except subprocess.TimeoutExpired:
        kill_group(process)
        raise PreviewError(f"{what} timed out after {timeout:.3g} s; killed") from None
    except BaseException:
        kill_group(process)
        raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process group ``process`` leads (soffice -> oosplash -> soffice.bin), then reap."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def office_pipe_path(profile: Path) -> Path:
    """The socket an office running on ``profile`` listens on.

    LibreOffice names it after the MD5 of the UTF-16 profile URL, each byte in hex
    *without* zero padding (OUString::number(byte, 16)).
    """
    digest = "".join(format(byte, "x") for byte in hashlib.md5(profile.as_uri().encode("utf-16-le")).digest())
    return PIPE_DIR / f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_{digest}"


def offices_on(profile: Path) -> list[int]:
    """Pids of every process started with ``profile`` (our Popen handles may no longer lead them)."""
    marker = f"-env:UserInstallation={profile.as_uri()}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue  # ended meanwhile, or not ours to read
        if marker in arguments:
            pids.append(int(entry.name))
    return pids


def kill_offices_on(profile: Path) -> None:
    """SIGKILL every process started with ``profile``."""
    for pid in offices_on(profile):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def process_start_time(pid: int) -> int | None:
    """When ``pid`` started (clock ticks since boot), None if no such process: pid and
    start time together name one process even after the pid is reused."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rpartition(")")[2].split()[19])  # field 22, starttime


def office_temp_root() -> Path:
    """The folder of every temporary file of the office (profiles, conversions), made on first use.
    Per user: the system temp folder is shared, and another user's folder is not ours to use."""
    root = Path(tempfile.gettempdir()) / f"cwzs-office-{os.getuid()}"
    root.mkdir(mode=0o700, exist_ok=True)
    if root.is_symlink() or root.stat().st_uid != os.getuid():
        raise PreviewError(f"{root} is not a folder of this user's; the office will not use it")
    return root


def new_profile() -> Path:
    """An empty profile folder named after this process, so a later start can tell it is abandoned."""
    owner = f"{os.getpid()}.{process_start_time(os.getpid())}"
    return Path(tempfile.mkdtemp(prefix=f"{PROFILE_PREFIX}{owner}-", dir=office_temp_root()))


def sweep_abandoned_profiles(folder: Path | None = None) -> list[Path]:
    """Kill the offices of profiles in ``folder`` (the office's temp root) whose owning
    process is gone and remove those profiles (and their pipes); the profiles removed."""
    swept = []
    for profile in (folder or office_temp_root()).glob(f"{PROFILE_PREFIX}*"):
        owned = _OWNED_PROFILE.match(profile.name)
        if owned is None or not profile.is_dir():
            continue  # not named by this program's owner scheme: not ours to judge
        pid, started = int(owned[1]), int(owned[2])
        if process_start_time(pid) == started:
            continue  # its owner still runs
        kill_offices_on(profile)
        office_pipe_path(profile).unlink(missing_ok=True)
        shutil.rmtree(profile, ignore_errors=True)
        swept.append(profile)
    return swept


def _sweep_once() -> None:
    global _swept
    with _sweep_lock:
        if not _swept:
            _swept = True
            sweep_abandoned_profiles()


class OfficeWorker:
    """One LibreOffice profile, created once and reused, and optionally a standby office on it."""

    def __init__(self, soffice: str, env: dict[str, str], standby: bool = True) -> None:
        self.soffice = soffice
        self.env = env
        self.use_standby = standby
        _sweep_once()  # the first worker of a process cleans up after killed predecessors
        self.profile = new_profile()
        self._standby: subprocess.Popen[bytes] | None = None
        self._standby_started = 0.0
        self._refresher: threading.Thread | None = None
        self.closed = False

    def convert_to_pdf(self, source: Path, outdir: Path, timeout: float) -> subprocess.CompletedProcess[bytes]:
        """Run ``soffice --convert-to pdf``; on timeout kill every office of this worker and reset the profile."""
        deadline = time.monotonic() + timeout
        if self.use_standby:
            self._await_standby(deadline)
        command = [
            self.soffice,
            f"-env:UserInstallation={self.profile.as_uri()}",
            *OFFICE_FLAGS,
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outdir),
            str(source),
        ]
        try:
            result = run_killable(command, deadline - time.monotonic(), "LibreOffice conversion", self.env)
        except PreviewError:
            self._start_clean_next_time()
            raise PreviewError(f"LibreOffice conversion timed out after {timeout:g} s; killed") from None
        except BaseException:
            self._start_clean_next_time()
            raise
        if self.use_standby:
            self._refresh_standby_in_background()
        return result

    def warm_up(self) -> None:
        """Start the standby office now, so the first conversion is fast too."""
        if self.use_standby:
            self._await_standby(time.monotonic() + PIPE_WAIT_S)

    def processes(self) -> list[int]:
        """Pids of this worker's standby office (for memory measurements)."""
        standby = self._standby
        return [standby.pid] if standby is not None and standby.poll() is None else []

    def close(self) -> None:
        """Stop the standby and remove the profile."""
        self.closed = True
        self._join_refresher()
        self._kill_standby()
        kill_offices_on(self.profile)
        office_pipe_path(self.profile).unlink(missing_ok=True)  # LibreOffice leaves its socket behind
        shutil.rmtree(self.profile, ignore_errors=True)

    # --- standby ----------------------------------------------------------------

    def _await_standby(self, deadline: float) -> None:
        """Make sure a standby runs and has opened its pipe (bounded by ``deadline``)."""
        self._join_refresher()
        if self._standby is None or self._standby.poll() is not None:
            self._start_standby()
        pipe = office_pipe_path(self.profile)
        # Bounded from the standby's start: if the pipe is elsewhere than we think, we lose 3 s once.
        wait_until = min(deadline, self._standby_started + PIPE_WAIT_S)
        # Until the pipe exists a conversion would start a second office on the same profile.
        while not pipe.exists() and self._standby is not None and self._standby.poll() is None:
            if time.monotonic() >= wait_until:
                break
            time.sleep(0.02)

    def _start_standby(self) -> None:
        # The previous standby's launcher has ended; an office it left would share the profile.
        kill_offices_on(self.profile)
        # A pipe left by an earlier office would make us think the new one is ready.
        office_pipe_path(self.profile).unlink(missing_ok=True)
        command = [self.soffice, f"-env:UserInstallation={self.profile.as_uri()}", *OFFICE_FLAGS]
        self._standby_started = time.monotonic()
        self._standby = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=self.env,
            start_new_session=True,
        )

    def _refresh_standby_in_background(self) -> None:
        self._refresher = threading.Thread(target=self._replace_finished_standby, name="office-standby", daemon=True)
        self._refresher.start()

    def _replace_finished_standby(self) -> None:
        """After a handed-over job the standby quits; start the next one once it has."""
        standby = self._standby
        if standby is not None:
            try:
                standby.wait(timeout=STANDBY_EXIT_WAIT_S)
            except subprocess.TimeoutExpired:
                return  # still running: it keeps serving as the standby
        self._start_standby()

    def _join_refresher(self) -> None:
        if self._refresher is not None:
            self._refresher.join()
            self._refresher = None

    def _kill_standby(self) -> None:
        if self._standby is not None:
            kill_group(self._standby)
            self._standby = None

    def _start_clean_next_time(self) -> None:
        """A wedged office may have left the profile half-written: stop it and empty the profile."""
        self._kill_standby()
        kill_offices_on(self.profile)
        shutil.rmtree(self.profile, ignore_errors=True)
        self.profile.mkdir(parents=True)
