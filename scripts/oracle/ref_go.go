// golang.org/x/mod/semver as a line-oriented oracle: A<TAB>B -> -1|0|1, or `error: ...` when
// either side is not a valid Go module version (x/mod ranks invalid versions lowest instead;
// medcyber rejects them). Built by scripts/peers/install.
//
// `ref_go bench FILE` times semver.Compare over the file's pairs in process instead and prints
// operations per second (scripts/bench/ident).
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/semver"
)

func bench(file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var pairs [][2]string
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" {
			continue
		}
		a, b, _ := strings.Cut(line, "\t")
		pairs = append(pairs, [2]string{a, b})
	}
	seconds := 1.5
	if s, err := strconv.ParseFloat(os.Getenv("BENCH_SECONDS"), 64); err == nil {
		seconds = s
	}
	sink := 0
	for _, p := range pairs {
		sink += semver.Compare(p[0], p[1])
	}
	passes := 0
	start := time.Now()
	for time.Since(start).Seconds() < seconds {
		for _, p := range pairs {
			sink += semver.Compare(p[0], p[1])
		}
		passes++
	}
	elapsed := time.Since(start).Seconds()
	fmt.Printf("%.0f\n", float64(len(pairs)*passes)/elapsed)
	fmt.Fprintf(os.Stderr, "compare: %d cases x %d passes in %.2fs (%d)\n", len(pairs), passes, elapsed, sink)
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "bench" {
		bench(os.Args[2])
		return
	}
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
