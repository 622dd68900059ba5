#pragma once
// Owning wrappers for the C handles sdk/io uses. Destructors never write: closing an archive
// opened for reading discards it.

#include <zip.h>

#include <memory>

namespace cpk::internal {

template <class T, auto Free>
struct CDeleter {
  void operator()(T* p) const noexcept {
    if (p) Free(p);
  }
};
template <class T, auto Free>
using CHandle = std::unique_ptr<T, CDeleter<T, Free>>;

using ZipArchive = CHandle<zip_t, &zip_discard>;
using ZipFile = CHandle<zip_file_t, &zip_fclose>;

}  // namespace cpk::internal
