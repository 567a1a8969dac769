# shared_data.sh - sourced by the test scripts that read the reference data beside
# the checkout (../shared; README "Tests and ../shared"), from the repository root:
# shared_data_require NAME exits 0 with one line when ../shared is absent.
shared_data_require() {
    if [ ! -d ../shared ]; then
        echo "$1: skipped (../shared is absent)"
        echo "0 passed, 0 failed"
        exit 0
    fi
}
