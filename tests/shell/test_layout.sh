#!/usr/bin/env bash
# lib/'s include rule (README, Architecture): which folder may include which, so no circle forms.
source "$(dirname "$0")/common.bash"

# folder: the folders its files may include besides its own
declare -A may=(
    [core]=""
    [web]="core" [filter]="core" [answer]="core" [text]="core"
    [qa]="core web answer"
    [eval]="core answer"
    [engine]="core"
    [engine/cpu]="core engine"
    [train]="core engine"
)
bad=()
while IFS= read -r f; do
    dir=${f#lib/}; dir=${dir%/*}
    [ -n "${may[$dir]+x}" ] || { bad+=("$f: folder $dir is not in the rule"); continue; }
    while IFS= read -r inc; do
        to=${inc%/*}
        if [ "$to" = "$inc" ]; then   # a bare name: only a file beside it (a generated table)
            [ -f "lib/$dir/$inc" ] || bad+=("$f includes \"$inc\" without its folder")
            continue
        fi
        [ "$to" = "$dir" ] && continue
        case " ${may[$dir]} " in *" $to "*) ;; *) bad+=("$f includes $inc");; esac
    done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
done < <(find lib -name '*.[ch]' | sort)
check "lib/ follows its include rule (${#bad[@]} breaches${bad:+: ${bad[*]:0:3}})" test ${#bad[@]} = 0

# engine/cpu is the backend's implementation: only the backend's table reaches it from engine/.
reach=$(grep -l '#include "engine/cpu/' lib/engine/*.c lib/engine/*.h lib/train/* filters/*.c 2>/dev/null | tr '\n' ' ')
check "nothing outside engine/cpu includes it (${reach:-none})" test -z "$reach"
