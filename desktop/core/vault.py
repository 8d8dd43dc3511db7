"""Drafts sealed with a passphrase, so a lost laptop does not say who signed what.

File layout (all integers big-endian)::

    magic      8 bytes  b"PDESKENC"
    version    1 byte   1
    log2_n     1 byte   scrypt cost, n = 2**log2_n
    r          1 byte   scrypt block size
    p          1 byte   scrypt parallelism
    salt      16 bytes  random, per file
    nonce     12 bytes  random, per write
    length     8 bytes  length of what follows
    ciphertext          AES-256-GCM of the UTF-8 JSON payload, with its 16-byte tag

The whole header is authenticated as associated data, so changing a cost
parameter, the salt or the length is detected like a change to the text. The
length field lets a file cut short (a copy to a USB stick pulled out too
early) be named as such instead of as a wrong passphrase.

The payload is ``{"format": ..., "draft": <draft dict>, "signature_images": [...]}``:
signature pictures travel inside, base64, so nothing about a signer lies beside
the file in clear. On opening they are restored into a private folder of this
process (see :func:`unsealed_images_dir`), removed when the program ends.
"""

from __future__ import annotations

import atexit
import base64
import binascii
import hashlib
import json
import os
import shutil
import struct
import tempfile
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.files import parse_json, read_bytes, write_bytes_atomic

MAGIC = b"PDESKENC"
VERSION = 1
ENCRYPTED_SUFFIX = ".pdesk"  # the suggested file name ending; files are recognised by MAGIC, not by name
PAYLOAD_FORMAT = "petition-desk/sealed-draft"
# scrypt n=2**16, r=8, p=1: about 0.25 s and 64 MiB on a 2024 laptop (measured), slow enough
# to make guessing expensive and quick enough not to annoy at every open.
LOG2_N = 16
SCRYPT_R = 8
SCRYPT_P = 1
# Bounds for parameters read from a file: a damaged byte must not ask for gigabytes of memory.
_LOG2_N_RANGE = range(14, 19)  # at most 256 MiB with r=8
_R_RANGE = range(1, 9)
_P_RANGE = range(1, 5)
SALT_BYTES = 16
NONCE_BYTES = 12
_HEAD = struct.Struct(">8sBBBB16s12sQ")
HEADER_BYTES = _HEAD.size  # 48
MIN_PASSPHRASE = 8


class PassphraseNeeded(PetitionDeskError):
    """The file is encrypted and no passphrase was given: ask the user for one."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(N_("The draft %(path)s is protected with a passphrase. Give the passphrase to open it."),
                         path=str(path))
        self.path = Path(path)


class WrongPassphrase(PetitionDeskError):
    """Decryption failed: the passphrase is wrong or the file was altered (GCM cannot tell which)."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(
            N_("The passphrase is wrong, or the file %(path)s was changed after it was saved. Check the passphrase "
               "(capital letters, keyboard layout) and try again; the file was not modified."),
            path=str(path))


def is_sealed(data: bytes) -> bool:
    return data[: len(MAGIC)] == MAGIC


def looks_sealed(data: bytes, path: Path | str = "") -> bool:
    """Whether ``data`` is probably an encrypted draft whose first bytes were damaged.

    True when most of the magic bytes are in place, or when a file named
    ``*.pdesk`` is not text; so such a file is reported as a damaged
    encrypted draft rather than as text in the wrong encoding.
    """
    if is_sealed(data):
        return True
    if sum(a == b for a, b in zip(data[: len(MAGIC)], MAGIC)) >= len(MAGIC) // 2:
        return True
    if str(path).lower().endswith(ENCRYPTED_SUFFIX):
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return True
    return False


def check_new_passphrase(passphrase: str) -> None:
    """A passphrase that may protect a new file: at least MIN_PASSPHRASE characters."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise PetitionDeskError(
            N_("The passphrase is too short. Use at least %(count)d characters, for example several unrelated words."),
            count=MIN_PASSPHRASE)


def seal(payload: dict[str, Any], passphrase: str) -> bytes:
    """Encrypt ``payload`` (JSON-able) with a key derived from ``passphrase``."""
    check_new_passphrase(passphrase)
    salt = os.urandom(SALT_BYTES)
    nonce = os.urandom(NONCE_BYTES)
    plain = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    length = len(plain) + 16  # GCM appends a 16-byte tag
    header = _HEAD.pack(MAGIC, VERSION, LOG2_N, SCRYPT_R, SCRYPT_P, salt, nonce, length)
    key = _derive(passphrase, salt, LOG2_N, SCRYPT_R, SCRYPT_P)
    return header + AESGCM(key).encrypt(nonce, plain, header)


def unseal(data: bytes, passphrase: str, source: Path | str = "draft") -> dict[str, Any]:
    """Decrypt what :func:`seal` wrote; every failure is a PetitionDeskError naming ``source``."""
    if not is_sealed(data):
        raise PetitionDeskError(N_("The file %(path)s is not an encrypted Petition Desk draft."), path=str(source))
    if len(data) < HEADER_BYTES:
        raise _cut_short(source)
    _magic, version, log2_n, r, p, salt, nonce, length = _HEAD.unpack_from(data)
    if version < VERSION:  # no version 0 was ever written: the byte is damaged
        raise damaged_draft(source)
    if version != VERSION:
        raise PetitionDeskError(
            N_("The encrypted draft %(path)s was written by a newer version of Petition Desk (format %(version)d). "
               "Update Petition Desk to open it."), path=str(source), version=version)
    body = data[HEADER_BYTES:]
    if len(body) < length:
        raise _cut_short(source)
    if len(body) > length or log2_n not in _LOG2_N_RANGE or r not in _R_RANGE or p not in _P_RANGE:
        raise damaged_draft(source)
    key = _derive(passphrase, salt, log2_n, r, p)
    try:
        plain = AESGCM(key).decrypt(nonce, body, data[:HEADER_BYTES])
    except InvalidTag:
        raise WrongPassphrase(source) from None
    try:
        payload = parse_json(plain.decode("utf-8"), source)
    except (UnicodeDecodeError, ValueError, PetitionDeskError):  # authentic but unreadable: written by a broken program
        raise damaged_draft(source) from None
    if not isinstance(payload, dict) or payload.get("format") != PAYLOAD_FORMAT or not isinstance(payload.get("draft"), dict):
        raise damaged_draft(source)
    return payload


def write_sealed(path: Path, payload: dict[str, Any], passphrase: str) -> None:
    write_bytes_atomic(Path(path), seal(payload, passphrase))


# -- signature images ---------------------------------------------------------------

def embed_images(draft_dict: dict[str, Any]) -> dict[str, Any]:
    """The sealed payload for a draft's dict: signature images carried inside, base64.

    The signer keeps the original path (inside the ciphertext only) so that on
    the same machine the draft reopens pointing at the same picture.
    """
    draft_dict = json.loads(json.dumps(draft_dict))  # a deep copy of plain JSON data
    images = []
    for index, signer in enumerate(draft_dict.get("signers", [])):
        if not isinstance(signer, dict) or not signer.get("signature_image"):
            continue
        path = Path(signer["signature_image"])
        data = read_bytes(path, N_("The signature picture %(path)s cannot be read (%(reason)s), so it cannot be "
                                   "sealed into the draft. Choose the picture again."), missing=None)
        images.append({"signer": index, "path": str(path), "suffix": path.suffix.lower(),
                       "data": base64.b64encode(data).decode("ascii")})
    return {"format": PAYLOAD_FORMAT, "draft": draft_dict, "signature_images": images}


def restore_images(payload: dict[str, Any], source: Path | str = "draft") -> dict[str, Any]:
    """The draft dict of a payload, with signature image paths that exist on this machine.

    The picture is used where it was when the draft was saved if that file
    still holds the same bytes; otherwise it is written to the private folder.
    """
    draft_dict = payload["draft"]
    signers = draft_dict.get("signers", [])
    for image in payload.get("signature_images", []) or []:
        try:
            data = base64.b64decode(image["data"], validate=True)
            signer = signers[int(image["signer"])]
            original = Path(str(image.get("path", "")))
            suffix = str(image.get("suffix", ".png"))
        except (KeyError, IndexError, TypeError, ValueError, binascii.Error):
            raise damaged_draft(source) from None
        if not isinstance(signer, dict) or suffix not in (".png", ".jpg", ".jpeg"):
            raise damaged_draft(source)
        signer["signature_image"] = str(_same_file_or_copy(original, data, suffix))
    return draft_dict


def _same_file_or_copy(original: Path, data: bytes, suffix: str) -> Path:
    try:
        if original.is_absolute() and original.is_file() and original.read_bytes() == data:
            return original
    except OSError:
        pass
    digest = hashlib.sha256(data).hexdigest()[:24]
    target = unsealed_images_dir() / f"{digest}{suffix}"
    if not target.exists():
        write_bytes_atomic(target, data, durable=False)
        os.chmod(target, 0o600)
    return target


_unsealed_dir: Path | None = None


def unsealed_images_dir() -> Path:
    """A folder only this user can read, for pictures taken out of encrypted drafts.

    It lives in the system's temporary folder (often in memory, always cleared
    on restart) and is deleted when the program ends normally.
    """
    global _unsealed_dir
    if _unsealed_dir is None or not _unsealed_dir.is_dir():
        _unsealed_dir = Path(tempfile.mkdtemp(prefix="petition-desk-"))  # mode 0700
        atexit.register(shutil.rmtree, _unsealed_dir, True)
    return _unsealed_dir


# -- helpers ------------------------------------------------------------------------

def _derive(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _cut_short(source: Path | str) -> PetitionDeskError:
    return PetitionDeskError(
        N_("The encrypted draft %(path)s is incomplete: it ends before its last byte, perhaps because a copy was "
           "interrupted. Open an earlier copy of it."), path=str(source))


def damaged_draft(source: Path | str) -> PetitionDeskError:
    """The error for an encrypted draft that cannot be read whatever the passphrase."""
    return PetitionDeskError(
        N_("The encrypted draft %(path)s is damaged and cannot be opened. Open an earlier copy of it."),
        path=str(source))
