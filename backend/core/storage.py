"""Where uploaded files live: a small object-storage interface with two backends, chosen by settings.

- `LocalStorage` (the default, `make run` and the tests): files under STORAGE_DIR, written to a temporary name
  and renamed, so a reader never sees half a file.
- `S3Storage`: any S3-compatible service (MinIO in docker-compose.yml, AWS S3) through `aioboto3`, configured by
  STORAGE_S3_ENDPOINT_URL, STORAGE_S3_BUCKET, STORAGE_S3_REGION and the access key pair.

Keys are relative paths made by the domains (`returns/<merchant>/<photo>.jpg`); nothing a client sends becomes a
key. Files are never served from here directly: a domain checks who asks and answers through a signed link.
"""

from __future__ import annotations

import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import anyio.to_thread

from backend.settings import StorageSettings, get_settings

_KEY = re.compile(r"^[a-z0-9][a-z0-9_\-]*(/[a-z0-9][a-z0-9_\-.]*)*$")


class ObjectStorage(Protocol):
    async def put(self, key: str, data: bytes, content_type: str) -> None: ...

    async def get(self, key: str) -> bytes | None:
        """The object's bytes, or None when there is none under `key`."""

    async def delete(self, key: str) -> None: ...


def checked_key(key: str) -> str:
    if not _KEY.match(key) or ".." in key:
        raise ValueError(f"not a storage key: {key!r}")
    return key


class LocalStorage:
    def __init__(self, directory: str) -> None:
        self.root = Path(directory).resolve()

    def _path(self, key: str) -> Path:
        return self.root / checked_key(key)

    def _write(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _read(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await anyio.to_thread.run_sync(self._write, key, data)

    async def get(self, key: str) -> bytes | None:
        return await anyio.to_thread.run_sync(self._read, key)

    async def delete(self, key: str) -> None:
        await anyio.to_thread.run_sync(lambda: self._path(key).unlink(missing_ok=True))


class S3Storage:
    def __init__(self, settings: StorageSettings) -> None:
        import aioboto3

        self.settings = settings
        self.session = aioboto3.Session(aws_access_key_id=settings.s3_access_key_id,
                                        aws_secret_access_key=settings.s3_secret_access_key,
                                        region_name=settings.s3_region)

    def _client(self):  # noqa: ANN202
        return self.session.client("s3", endpoint_url=self.settings.s3_endpoint_url or None)

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        async with self._client() as s3:
            await s3.put_object(Bucket=self.settings.s3_bucket, Key=checked_key(key), Body=data,
                                ContentType=content_type)

    async def get(self, key: str) -> bytes | None:
        async with self._client() as s3:
            try:
                answer = await s3.get_object(Bucket=self.settings.s3_bucket, Key=checked_key(key))
            except s3.exceptions.NoSuchKey:
                return None
            async with answer["Body"] as body:
                return await body.read()

    async def delete(self, key: str) -> None:
        async with self._client() as s3:
            await s3.delete_object(Bucket=self.settings.s3_bucket, Key=checked_key(key))


@lru_cache(maxsize=1)
def storage() -> ObjectStorage:
    settings = get_settings().storage
    if settings.backend == "s3":
        return S3Storage(settings)
    return LocalStorage(settings.directory)


__all__ = ["LocalStorage", "ObjectStorage", "S3Storage", "checked_key", "storage"]
