"""Settings shared by the CLI, the WSGI app and the tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = Path(".bcss-sim")
DEFAULT_SIZE = 10_000
DEFAULT_SEED = 20260101


@dataclass(frozen=True)
class Settings:
    data_dir: Path = DEFAULT_DATA_DIR
    organizations: Path | None = None  # None = the demo organisations shipped in fixtures/
    size: int = DEFAULT_SIZE
    seed: int = DEFAULT_SEED
    personas: tuple[Path, ...] = ()  # extra persona files/folders merged into generated worlds
    max_sandboxes: int = 200  # a CI server hosts many parallel jobs; this keeps a runaway loop in check
    sandbox_idle_seconds: int = 24 * 3600  # sandboxes unused this long are deleted (0 = never)
    journal_keep: int = 100_000  # newest journal entries kept per sandbox (older ones are pruned)
    max_generated_size: int = 200_000  # largest world a sandbox may ask to be generated on the fly

    @property
    def base_world(self) -> Path:
        """The generated population every sandbox is cloned from."""
        return self.data_dir / "base" / "world.sqlite"

    @property
    def sandboxes_dir(self) -> Path:
        return self.data_dir / "sandboxes"
