#include "engine/core/AtomicFile.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <regex>

namespace rm {
namespace fs = std::filesystem;

// Letters and digits of the host name only, so the tag parses back unambiguously.
static const std::string& hostTag() {
  static const std::string tag = [] {
    char name[256] = {};
    std::string out;
    if (::gethostname(name, sizeof name - 1) == 0)
      for (const char* c = name; *c != '\0'; ++c)
        if (std::isalnum(static_cast<unsigned char>(*c))) out += *c;
    return out.empty() ? std::string("host") : out;
  }();
  return tag;
}

fs::path temporarySibling(const fs::path& target) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  const auto tag =
      hostTag() + "-" + std::to_string(::getpid()) + "-" + std::to_string(rng() % 1000000007ULL);
  // Keep the extension last so format-sniffing writers (OpenCV, libav) still see it.
  return target.parent_path() /
         ("." + target.stem().string() + ".tmp-" + tag + target.extension().string());
}

int removeOrphanedTemporaries(const fs::path& folder) {
  static const std::regex pattern(R"(\..*\.tmp-([A-Za-z0-9]+)-([0-9]{1,9})-[0-9]+(\.[^.]*)?)");
  int removed = 0;
  std::error_code ec;
  const fs::path dir = folder.empty() ? fs::path(".") : folder;  // a bare file name's folder
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::smatch match;
    if (!std::regex_match(name, match, pattern) || match[1] != hostTag()) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(match[2]));
    // kill(pid, 0) probes without signalling; only ESRCH proves the writer is gone.
    if (pid <= 0 || pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
    std::error_code removeError;
    if (it->is_regular_file(removeError) && fs::remove(it->path(), removeError)) ++removed;
  }
  return removed;
}

static Status syncPath(const fs::path& path) {
  // O_RDONLY works for folders as well as files (fsync on a folder flushes its entries).
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return makeError("cannot reopen " + path.string() + ": " + std::strerror(errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return makeError("cannot flush " + path.string() + ": " + std::strerror(err));
  return {};
}

Status commitTemporary(const fs::path& temp, const fs::path& target) {
  if (Status status = syncPath(temp); !status.ok()) return status;
  std::error_code ec;
  fs::rename(temp, target, ec);
  if (ec)
    return makeError("cannot rename " + temp.string() + " to " + target.string() + ": " +
                     ec.message());
  return syncPath(target.has_parent_path() ? target.parent_path() : fs::path("."));
}

Status writeAtomically(const fs::path& target,
                       const std::function<Status(const fs::path&)>& write) {
  std::error_code ec;
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec))
    return makeError("cannot write " + target.string() + ": folder " + dir.string() +
                     " does not exist");
  const fs::path temp = temporarySibling(target);
  Status status = write(temp);
  if (status.ok()) status = commitTemporary(temp, target);
  if (!status.ok()) fs::remove(temp, ec);
  return status;
}

Status writeFileAtomically(const fs::path& target, const std::string& bytes) {
  return writeAtomically(target, [&](const fs::path& temp) -> Status {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return makeError("cannot create " + temp.string() + ": " + std::strerror(errno));
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out)
      return makeError("cannot write " + target.string() +
                       " (disk full?): " + std::strerror(errno));
    return {};
  });
}

}  // namespace rm
