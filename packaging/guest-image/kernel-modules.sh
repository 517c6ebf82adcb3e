# Sourced by the guest-image scripts (the caller defines `say`).
#
#   copy_modules MODDIR DEST ORDER_FILE MODULE...
#
# Copies each MODULE's .ko from MODDIR (a kernel's lib/modules/VERSION/kernel, as extracted from its
# .deb) into DEST with every module it depends on, read from the module's own `depends=` field, so no
# modules.dep or depmod is needed; ORDER_FILE lists them dependencies first, the order to load them in.

copy_modules() {
    local moddir=$1 dest=$2 order_file=$3
    shift 3
    local -A loaded=()
    local order=()
    local name
    for name in "$@"; do copy_module "$moddir" "$dest" "$name"; done
    printf '%s\n' "${order[@]}" > "$order_file"
}

# One module after its dependencies; `loaded` and `order` are copy_modules' (bash scopes dynamically).
copy_module() {
    local moddir=$1 dest=$2 name=$3 file deps dep
    [[ -n "${loaded[$name]:-}" ]] && return
    file=$(find "$moddir" -name "$name.ko" -print -quit)
    [[ -n "$file" ]] || { say "the kernel in $moddir has no module $name"; exit 1; }
    loaded[$name]=1
    deps=$(strings "$file" | sed -n 's/^depends=//p' | awk 'NR == 1')
    for dep in ${deps//,/ }; do copy_module "$moddir" "$dest" "$dep"; done
    cp "$file" "$dest/$name.ko"
    order+=("$name")
}
