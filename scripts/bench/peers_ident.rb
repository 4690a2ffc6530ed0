# Ruby peer of scripts/bench/ident: RubyGems, in process; prints operations per second.
#   ruby peers_ident.rb compare FILE     Gem::Version.new(a) <=> Gem::Version.new(b)
#   ruby peers_ident.rb satisfies FILE   Gem::Requirement.new(*r.split(",")).satisfied_by?(Gem::Version.new(v))
require "rubygems"
mode, file = ARGV
seconds = (ENV["BENCH_SECONDS"] || "1.5").to_f
cases = File.readlines(file, chomp: true).reject(&:empty?).map { |l| l.split("\t", 2) }
fn = if mode == "compare"
  ->(a, b) { Gem::Version.new(a) <=> Gem::Version.new(b) }
else
  ->(r, v) { Gem::Requirement.new(*r.split(",")).satisfied_by?(Gem::Version.new(v)) }
end
ok = 0
cases.each { |a, b| begin; fn.(a, b); ok += 1; rescue StandardError; end }
passes = 0
start = Process.clock_gettime(Process::CLOCK_MONOTONIC)
elapsed = 0.0
while elapsed < seconds
  cases.each { |a, b| begin; fn.(a, b); rescue StandardError; end }
  passes += 1
  elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC) - start
end
puts (cases.size * passes / elapsed).round
warn "#{mode}: #{cases.size} cases (#{ok} ok) x #{passes} passes in #{format('%.2f', elapsed)}s"
