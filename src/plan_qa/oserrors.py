"""OS errors said in Vietnamese: the user never sees "Permission denied" or "No space left on device"."""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EDQUOT: "đã hết hạn mức dung lượng ổ đĩa",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không được phép thao tác",
    errno.EROFS: "thư mục chỉ cho phép đọc",
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục",
    errno.EISDIR: "đây là thư mục, không phải tệp",
    errno.ENOTDIR: "đường dẫn không phải thư mục",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EIO: "lỗi đọc/ghi ổ đĩa",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.EEXIST: "tệp đã tồn tại",
}


def os_reason(error: OSError) -> str:
    """A short Vietnamese reason for an OS error (errno kept for the administrator)."""
    reason = _REASONS.get(error.errno or -1)
    if reason:
        return reason
    return f"lỗi hệ điều hành (mã {error.errno})" if error.errno else "lỗi hệ điều hành"
