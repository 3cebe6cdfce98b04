# Debian packages the project needs, shared by ./cluster (runtime) and ./scripts/test (runtime + test readers).
# Sourced, not executed.
#
# The runtime check runs on every launch, so it is exact and cheap: it reads the dynamic linker's cache once and
# looks for files, with no pipeline (a `ldconfig -p | grep -q` under pipefail fails at random when grep exits early
# and ldconfig dies of SIGPIPE) and no package tool. apt runs only when something is really missing, under a lock,
# so launchers started together never race on it.

# shared library file -> Debian package that provides it
declare -A CLUSTER_RUNTIME_LIBRARIES=(
  [libfftw3f.so.3]=libfftw3-single3
  [libfftw3.so.3]=libfftw3-double3
  [libhdf5_serial.so.103]=libhdf5-103-1
  [libzstd.so.1]=libzstd1
)
# other runtime file -> Debian package that provides it
declare -A CLUSTER_RUNTIME_FILES=(
  [/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf]=fonts-dejavu-core
)

# Independent readers the tests check outputs with (Debian's /usr/bin/python3, not the one first on PATH), and the
# browser the dashboard tests drive through Playwright (headless; Playwright's own browser download is not used).
CLUSTER_TEST_PACKAGES=(python3-numpy python3-scipy python3-matplotlib python3-h5py python3-lxml hdf5-tools python3-prometheus-client python3-jsonschema chromium poppler-utils libfaketime)

CLUSTER_LIBRARY_DIRS=(/lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /lib/aarch64-linux-gnu /usr/lib/aarch64-linux-gnu /lib /usr/lib /usr/local/lib)
CLUSTER_INSTALL_LOCK=/tmp/cluster-apt.lock

# The dynamic linker's cache as text, read once; empty when ldconfig is not there.
_linker_cache() {
  local ldconfig
  ldconfig="$(command -v ldconfig || true)"
  [ -n "$ldconfig" ] || { [ -x /sbin/ldconfig ] && ldconfig=/sbin/ldconfig; }
  [ -n "$ldconfig" ] || return 0
  "$ldconfig" -p 2>/dev/null || true
}

# True when the library file is in a standard directory, or its whole name is the first field of an entry of the
# linker cache (read only when a file was not found, and then once: "$1" names the variable that caches it).
_has_library() {
  local lib="$1" dir
  for dir in "${CLUSTER_LIBRARY_DIRS[@]}"; do
    [ -e "$dir/$lib" ] && return 0
  done
  [ -n "${_cluster_linker_cache+set}" ] || _cluster_linker_cache="$(_linker_cache)"
  case $'\n'"$_cluster_linker_cache" in
    *$'\n'[[:space:]]"$lib ("*) return 0 ;;
  esac
  return 1
}

missing_runtime_packages() {
  local lib file missing=()
  for lib in "${!CLUSTER_RUNTIME_LIBRARIES[@]}"; do
    _has_library "$lib" || missing+=("${CLUSTER_RUNTIME_LIBRARIES[$lib]}")
  done
  for file in "${!CLUSTER_RUNTIME_FILES[@]}"; do
    [ -e "$file" ] || missing+=("${CLUSTER_RUNTIME_FILES[$file]}")
  done
  echo "${missing[@]}"
}

# Packages not installed, by one dpkg-query over the whole list (exit status ignored: unknown names are missing).
_missing_packages() {
  local status line missing=()
  declare -A installed=()
  status="$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "$@" 2>/dev/null || true)"
  while IFS= read -r line; do
    [[ "$line" == ii* ]] && installed["${line##* }"]=1
  done <<<"$status"
  local pkg
  for pkg in "$@"; do
    [ -n "${installed[$pkg]:-}" ] || missing+=("$pkg")
  done
  echo "${missing[@]}"
}

missing_test_packages() {
  _missing_packages "${CLUSTER_TEST_PACKAGES[@]}"
}

# Installs the given packages with apt when root; otherwise prints the exact line and fails. One installer at a time
# (a lock file): a launcher that waited finds the packages installed and runs nothing.
install_packages() {
  [ "$#" -gt 0 ] || return 0
  local line="apt-get update && apt-get install -y --no-install-recommends $*"
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages; run as root:" >&2
    echo "  sudo sh -c '$line'" >&2
    return 1
  fi
  (
    flock 9
    local still
    read -r -a still <<<"$(_missing_packages "$@")"
    [ "${#still[@]}" -gt 0 ] || exit 0
    echo "installing missing Debian packages: ${still[*]}" >&2
    apt-get update -qq -o DPkg::Lock::Timeout=300 >&2 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${still[@]}" >&2
  ) 9>"$CLUSTER_INSTALL_LOCK"
}
