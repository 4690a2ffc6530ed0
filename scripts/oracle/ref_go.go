// golang.org/x/mod/semver as a line-oriented oracle: A<TAB>B -> -1|0|1, or `error: ...` when
// either side is not a valid Go module version (x/mod ranks invalid versions lowest instead;
// medcyber rejects them). Built by scripts/peers/install.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/semver"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		a, b, _ := strings.Cut(in.Text(), "\t")
		if !semver.IsValid(a) || !semver.IsValid(b) {
			fmt.Fprintln(out, "error: invalid version")
			continue
		}
		fmt.Fprintln(out, semver.Compare(a, b))
	}
}
