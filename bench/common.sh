# Sourced by every benchmark script: run from the repository's root, and
# take the sizes (numbers of sessions) from the arguments, or the script's
# defaults when none are given, each checked.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
#   read_sizes peers.sh 1000 10000 100000 -- "$@"     # sets `sizes`
#   built=$(built_binary)                             # the binary to time

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# built_binary: builds the release binary as the Debian package ships it
# (packaging/build.sh: static-pie on glibc) and prints its path.
built_binary() {
    bash "$root/packaging/build.sh"
}

# read_sizes SCRIPT DEFAULT... -- ARG...
read_sizes() {
    local script=$1
    shift
    local defaults=()
    while (($# > 0)) && [[ $1 != -- ]]; do
        defaults+=("$1")
        shift
    done
    if (($# > 0)); then shift; fi
    sizes=("$@")
    if ((${#sizes[@]} == 0)); then
        sizes=("${defaults[@]}")
    fi
    local size
    for size in "${sizes[@]}"; do
        if ! [[ $size =~ ^[1-9][0-9]*$ ]]; then
            echo "error: '$size' is not a number of sessions; usage: bench/$script [SESSIONS...]" >&2
            exit 2
        fi
    done
}
