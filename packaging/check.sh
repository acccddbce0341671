#!/usr/bin/env bash
# Builds the Debian package and checks it as a user meets it: the files
# it installs, the binary from it runs, its man page passes `mandoc -T
# lint` without a word and renders, and its completion scripts complete
# in real bash, zsh and fish (after the duration, no hidden command, walk
# ids from the store). Needs cargo-deb, dpkg-deb, mandoc, bash, zsh and
# fish (`apt-get install mandoc zsh fish`). Nothing is installed on the
# machine: the package is unpacked into a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }
pass() { echo "ok: $*"; }

bash packaging/deb.sh
deb=$(ls -t target/debian/backwalk_*.deb | head -n 1)
echo "== $deb"
listing=$(dpkg-deb -c "$deb")
echo "$listing"
for path in \
    ./usr/bin/backwalk \
    ./usr/share/man/man1/backwalk.1.gz \
    ./usr/share/bash-completion/completions/backwalk \
    ./usr/share/zsh/vendor-completions/_backwalk \
    ./usr/share/fish/vendor_completions.d/backwalk.fish \
    ./usr/share/doc/backwalk/copyright \
    ./usr/share/doc/backwalk/README.md; do
    if grep -q " $path\$" <<<"$listing"; then pass "$path"; else fail "$path is not in the package"; fi
done

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
bin="$root/usr/bin"
"$bin/backwalk" --version && pass "the packaged binary runs" || fail "the packaged binary does not run"
# Without $HOME the data folder comes from the user database: a statically
# linked glibc reads it through the system's NSS modules.
env -u HOME -u BACKWALK_STORE "$bin/backwalk" status >/dev/null &&
    pass "the packaged binary finds its data folder without \$HOME" ||
    fail "the packaged binary cannot find its data folder without \$HOME"

# The man page: lint says nothing; man renders it, every command in it.
zcat "$root/usr/share/man/man1/backwalk.1.gz" >"$root/backwalk.1"
lint=$(mandoc -T lint -W style "$root/backwalk.1" 2>&1) && [[ -z $lint ]] &&
    pass "mandoc -T lint: nothing to say" || fail "mandoc -T lint: $lint"
shown=$(MANWIDTH=80 man -l "$root/backwalk.1" 2>&1 | col -b)
for command in log stop show calendar completions 'sync init'; do
    grep -q "backwalk $command" <<<"$shown" && pass "man shows backwalk $command" ||
        fail "man does not show backwalk $command"
done

# Completion, with the package's scripts and binary, in a store of two walks.
export BACKWALK_STORE="$root/sessions.json" TZ=Europe/Berlin BACKWALK_NOW=2026-11-21T18:30:00+01:00
export PATH="$bin:$PATH"
backwalk log 8 --at '2026-11-20 07:00' >/dev/null
backwalk log 6 --at '2026-11-21 07:00' >/dev/null
surfaces="treadmill track grass sand trail pavement indoor other"

expect() { # shell, line, what it offered, what was expected
    if [[ "$3" == "$4" ]]; then pass "$1: '$2' offers $4"; else fail "$1: '$2' offered '$3', not '$4'"; fi
}
zsh_offers() {
    timeout 60 zsh -f tests/shells/zsh-complete.zsh "$root/usr/share/zsh/vendor-completions" "$1" | xargs
}
bash_offers() {
    local words
    read -ra words <<<"$1"
    if [[ $1 == *" " ]]; then words+=(""); fi
    # shellcheck disable=SC2016
    bash --norc --noprofile -c '
        source "$0"
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMP_TYPE=9
        function=$(complete -p backwalk | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
        "$function" backwalk "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf "%s\n" "${COMPREPLY[@]}"' \
        "$root/usr/share/bash-completion/completions/backwalk" "${words[@]}" | xargs
}
fish_offers() {
    fish --no-config -c 'source $argv[1]; complete -C $argv[2]' \
        "$root/usr/share/fish/vendor_completions.d/backwalk.fish" "$1" | cut -f1 | xargs
}

expect zsh 'backwalk log 5 --surface ' "$(zsh_offers 'backwalk log 5 --surface ')" "$surfaces"
expect bash 'backwalk log 5 --surface ' "$(bash_offers 'backwalk log 5 --surface ')" "$surfaces"
expect fish 'backwalk log 5 --surface ' "$(fish_offers 'backwalk log 5 --surface ')" "$surfaces"
for offered in "$(zsh_offers 'backwalk ')" "$(bash_offers 'backwalk ')" "$(fish_offers 'backwalk ')"; do
    [[ " $offered " == *" log "* && " $offered " != *" merge "* ]] &&
        pass "the commands, without merge" || fail "commands offered: $offered"
done
ids() { tr ' ' '\n' | grep -v '^-' | xargs; }
expect zsh 'backwalk show ' "$(zsh_offers 'backwalk show ' | ids)" "last 2 1"
expect bash 'backwalk rm ' "$(bash_offers 'backwalk rm ' | ids)" "last 2 1"
expect fish 'backwalk edit ' "$(fish_offers 'backwalk edit ' | ids)" "last 2 1"

if ((failed)); then
    echo "packaging/check.sh: FAILED" >&2
    exit 1
fi
echo "packaging/check.sh: all checks passed"
