# Reads a command line the way mailgraph does: takes the Getopt::Long configuration and option
# specifications out of the mailgraph script named first, parses the remaining arguments with
# them, and prints what mailgraph would see (one "key=[value]" line per option, sorted; lists as
# [a],[b]; "ARGS=" for what is left; "ERROR" if mailgraph would refuse the line).
# With "--specs" instead of arguments, prints the specifications, one a line.
use strict;
use warnings;
use Getopt::Long;

my $script = shift @ARGV;
my $source = do { local $/; open my $in, '<', $script or die "$script: $!\n"; <$in> };
$source =~ /Getopt::Long::Configure\(([^)]*)\);\s*GetOptions\(\\%opt,(.*?)\)\s*or exit/s
  or die "no GetOptions call in $script\n";
my ($configuration, $specifications) = ($1, $2);
my @specs = eval "($specifications)";
die $@ if $@;
if (@ARGV == 1 && $ARGV[0] eq '--specs') {
  print "$_\n" for @specs;
  exit 0;
}
Getopt::Long::Configure(eval "($configuration)");
my %opt;
local $SIG{__WARN__} = sub { };
if (!GetOptions(\%opt, @specs)) {
  print "ERROR\n";
  exit 0;
}
for my $key (sort keys %opt) {
  my $value = $opt{$key};
  print "$key=", (ref $value ? join(",", map { "[$_]" } @$value) : "[$value]"), "\n";
}
print "ARGS=", join(",", map { "[$_]" } @ARGV), "\n" if @ARGV;
