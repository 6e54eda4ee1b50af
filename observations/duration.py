"""How long a video runs, read from its container's header: the `mvhd` box of an MP4 or QuickTime
file, the Segment Info of a WebM file. No decoding, a few small reads; None when the file does not
say (a WebM recorded live often has no duration) or cannot be read."""

import struct

# WebM (Matroska) element ids, with their length marker bits as written in the file.
_EBML, _SEGMENT, _INFO, _CLUSTER = 0x1A45DFA3, 0x18538067, 0x1549A966, 0x1F43B675
_TIMECODE_SCALE, _DURATION = 0x2AD7B1, 0x4489
_EBML_MAGIC = _EBML.to_bytes(4, "big")


def video_duration(file) -> float | None:
    """Seconds, from the header of an MP4, QuickTime or WebM `file` (a file object opened for
    binary reading); None when it does not say. The file is left at its start."""
    try:
        file.seek(0)
        head = file.read(4)
        file.seek(0)
        seconds = _webm_duration(file) if head == _EBML_MAGIC else _mp4_duration(file)
    except (OSError, ValueError, struct.error):
        seconds = None
    file.seek(0)
    if seconds is None or not seconds > 0 or seconds == float("inf"):
        return None
    return seconds


def _boxes(file, start: int, end: int | None):
    """(type, payload start, payload end) of the ISO-BMFF boxes between `start` and `end`."""
    position = start
    while end is None or position + 8 <= end:
        file.seek(position)
        header = file.read(8)
        if len(header) < 8:
            return
        size, kind = struct.unpack(">I4s", header)
        payload = position + 8
        if size == 1:
            size = struct.unpack(">Q", file.read(8))[0]
            payload += 8
        elif size == 0:  # to the end of the file
            file.seek(0, 2)
            size = file.tell() - position
        if size < payload - position:
            return
        yield kind, payload, position + size
        position += size


def _mp4_duration(file) -> float | None:
    for kind, start, end in _boxes(file, 0, None):
        if kind != b"moov":
            continue
        for inner, payload, _ in _boxes(file, start, end):
            if inner != b"mvhd":
                continue
            file.seek(payload)
            version = file.read(4)[0]
            if version == 1:
                _, _, timescale, duration = struct.unpack(">QQIQ", file.read(28))
            else:
                _, _, timescale, duration = struct.unpack(">IIII", file.read(16))
            return duration / timescale if timescale else None
        return None
    return None


def _vint(file, *, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length integer: (value, bytes read). Unknown sizes come back as -1."""
    first = file.read(1)
    if not first:
        raise ValueError("end of file")
    byte = first[0]
    length = 1
    while length <= 8 and not byte & (0x80 >> (length - 1)):
        length += 1
    if length > 8:
        raise ValueError("not an EBML integer")
    value = byte if keep_marker else byte & (0xFF >> length)
    rest = file.read(length - 1)
    for b in rest:
        value = (value << 8) | b
    if not keep_marker and value == (1 << (7 * length)) - 1:
        value = -1
    return value, length


def _elements(file, start: int, end: int | None):
    """(id, payload start, payload end or None when unknown) of the EBML elements in a range."""
    position = start
    while end is None or position < end:
        file.seek(position)
        try:
            element, id_length = _vint(file, keep_marker=True)
            size, size_length = _vint(file, keep_marker=False)
        except ValueError:
            return
        payload = position + id_length + size_length
        yield element, payload, None if size < 0 else payload + size
        if size < 0:
            return  # an element of unknown size: only its children tell where it ends
        position = payload + size


def _webm_duration(file) -> float | None:
    for element, start, end in _elements(file, 0, None):
        if element != _SEGMENT:
            continue
        for child, payload, child_end in _elements(file, start, end):
            if child == _CLUSTER or child_end is None:
                return None  # the Info comes before the first cluster
            if child != _INFO:
                continue
            scale, duration = 1_000_000, None
            for item, value_start, value_end in _elements(file, payload, child_end):
                file.seek(value_start)
                data = file.read(value_end - value_start)
                if item == _TIMECODE_SCALE:
                    scale = int.from_bytes(data, "big")
                elif item == _DURATION and len(data) in (4, 8):
                    duration = struct.unpack(">f" if len(data) == 4 else ">d", data)[0]
            return duration * scale / 1e9 if duration is not None else None
        return None
    return None
