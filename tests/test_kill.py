"""Killing the program at any moment leaves a database that opens, passes its check and
holds each operation whole or not at all: a real child process is killed at random points
while it imports court files and makes batches of letters."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from xinyi_desktop.services.audit import verify_chain
from xinyi_desktop.store.backup import check_file
from xinyi_desktop.store.connection import close_db, init_db
from xinyi_desktop.store.models import Case

pytestmark = [pytest.mark.sqlite_only, pytest.mark.skipif(os.name == "nt", reason="SIGKILL")]

WORKER = Path(__file__).parent / "kill_worker.py"
KILLS = 12


def test_kills_at_random_points_lose_nothing_and_leave_nothing_half_done(tmp_path):
    from xinyi_desktop.store.document_models import Document, DocumentCase

    rng = random.Random(2018)
    base = tmp_path / "base.db"
    init_db(base)
    close_db()
    survived, operations = 0, 0
    for trial in range(KILLS):
        db_file = tmp_path / f"run{trial}.db"
        shutil.copy(base, db_file)
        folder = tmp_path / f"files{trial}"
        folder.mkdir()
        env = {**os.environ, "XINYI_HOME": str(tmp_path / f"home{trial}")}
        child = subprocess.Popen(
            [sys.executable, str(WORKER), str(db_file), str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
        assert child.stdout.readline().strip() == "READY", child.stderr.read()
        time.sleep(rng.uniform(0.05, 2.5))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        committed = out.split()
        # the database is whole
        assert check_file(db_file) is None
        init_db(db_file)
        try:
            assert verify_chain().intact
            batches = Counter(c.cause for c in Case.select(Case.cause))
            assert all(count == 30 for count in batches.values()), batches  # whole files only
            imported = committed.count("IMPORTED")
            assert len(batches) in (imported, imported + 1)  # the last commit may be unprinted
            numbers = sorted(d.number for d in Document.select(Document.number))
            assert numbers == list(range(1, len(numbers) + 1))  # no number lost or doubled
            per_case = Counter(dc.case_id for dc in DocumentCase.select())
            assert len(numbers) % 30 == 0 and set(per_case.values()) <= {1}  # whole batches
            operations += len(batches) + len(numbers) // 30
            survived += 1
        finally:
            close_db()
    assert survived == KILLS
    # Each kill lands inside an import or a batch of letters: the child does nothing else.
    print(f"\nkills survived: {survived}/{KILLS}; whole operations found: {operations}")
