#!/bin/sh
# help2man.sh PROGRAM [NAME] > NAME.1 -- a man page made from a program's --help, so the two never
# disagree: NAME from its second line (what it does), SYNOPSIS from its Usage line, and the rest
# of --help as the DESCRIPTION, verbatim.  (Debian's help2man would do it too; this is twelve
# lines and needs no Perl.)
set -eu
prog=$1 name=${2:-$(basename "$1")}
help=$("$prog" --help)
version=$("$prog" --version 2>/dev/null | sed -n '1s/.* //p')
esc() { sed -e 's/\\/\\e/g' -e 's/^\([.'"'"']\)/\\\&\1/'; }
printf '.TH %s 1 "" "gr%s" "gr manual"\n' "$(echo "$name" | tr a-z A-Z)" "${version:+ $version}"
printf '.SH NAME\n%s \\- %s\n' "$name" "$(echo "$help" | sed -n 2p | esc)"
printf '.SH SYNOPSIS\n.B %s\n' "$(echo "$help" | sed -n '1s/^Usage: //p' | esc)"
printf '.SH DESCRIPTION\n.nf\n'
echo "$help" | sed 1,2d | esc
printf '.fi\n.SH SEE ALSO\nThe gr README and DESIGN.md: the data contract every gr program follows.\n'
