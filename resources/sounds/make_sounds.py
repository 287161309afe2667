"""Generate the check-in sounds (short, soft sine chimes): ``python resources/sounds/make_sounds.py``."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22_050
HERE = Path(__file__).resolve().parent

#: name -> notes as (frequency Hz, duration s)
SOUNDS = {
    "ok": ((880.0, 0.09), (1318.5, 0.16)),  # rising fifth: welcome
    "warning": ((659.3, 0.12), (0.0, 0.05), (659.3, 0.16)),  # two even beeps: already in
    "error": ((392.0, 0.16), (293.7, 0.28)),  # falling: not valid
}


def tone(freq: float, seconds: float, volume: float = 0.35) -> list[int]:
    n = int(RATE * seconds)
    fade = max(1, int(RATE * 0.012))
    out = []
    for i in range(n):
        env = min(1.0, i / fade, (n - i) / fade)
        sample = 0.0 if freq == 0 else math.sin(2 * math.pi * freq * i / RATE) + 0.25 * math.sin(4 * math.pi * freq * i / RATE)
        out.append(int(32767 * volume * env * sample / 1.25))
    return out


def main() -> None:
    for name, notes in SOUNDS.items():
        samples = [s for f, d in notes for s in tone(f, d)]
        with wave.open(str(HERE / f"{name}.wav"), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(RATE)
            wav.writeframes(struct.pack(f"<{len(samples)}h", *samples))


if __name__ == "__main__":
    main()
