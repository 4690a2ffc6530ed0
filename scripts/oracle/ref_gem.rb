# Reference: RubyGems itself. Modes: compare (Gem::Version#<=>), satisfies
# (Gem::Requirement.new(*range.split(",")).satisfied_by?). stdin `A<TAB>B`.
mode = ARGV[0]
STDOUT.sync = false
$stdin.each_line do |line|
  a, b = line.chomp.split("\t", 2)
  begin
    if mode == "satisfies"
      req = Gem::Requirement.new(*a.split(","))
      raise ArgumentError, "malformed" unless Gem::Version.correct?(b)
      puts req.satisfied_by?(Gem::Version.new(b))
    else
      raise ArgumentError, "malformed" unless Gem::Version.correct?(a) && Gem::Version.correct?(b)
      puts(Gem::Version.new(a) <=> Gem::Version.new(b))
    end
  rescue StandardError => e
    puts "error: #{e.message}"
  end
end
