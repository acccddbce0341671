# Presses Tab in a real interactive zsh and prints what it offered.
#
#   zsh -f zsh-complete.zsh FPATH_DIR 'backwalk log 5 --surface '
#
# A zsh under zsh/zpty loads completion the way a user's does (compinit,
# `_backwalk` autoloaded from FPATH_DIR), gets the line and one Tab, and
# every word the completion functions hand to `compadd` is written out,
# one a line. Nothing is timed: the reader waits for a marker that the
# completion system prints once it has finished.
zmodload zsh/zpty || exit 3
fpath_dir=$1
line=$2
out=$(mktemp) || exit 3

zpty comp zsh -f -i || exit 3
zpty -w comp "PS1='' PROMPT='' RPROMPT=''; unsetopt beep"
zpty -w comp "fpath=(${(q)fpath_dir} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w comp "bindkey '^I' complete-word"
# Every word offered: compadd calls that only ask (-O, -A, -D) pass through.
zpty -w comp "compadd() {
  if [[ \${@[(I)-[OAD]]} -gt 0 ]]; then builtin compadd \"\$@\"; return; fi
  local -a __hits; builtin compadd -O __hits \"\$@\"
  (( \$#__hits )) && print -rl -- \$__hits >> ${(q)out}
  builtin compadd \"\$@\"
}"
zpty -w comp "_offered_done() { print -n '::comp''done::' }; comppostfuncs=(_offered_done)"
zpty -w comp "print '::rea''dy::'"
zpty -r comp reply '*::ready::*' || exit 3
zpty -w -n comp "$line"$'\t'
zpty -r comp reply '*::compdone::*' || exit 3
zpty -d comp
cat $out
rm -f $out
