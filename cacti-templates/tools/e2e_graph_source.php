<?php
/* Prints the rrdtool command Cacti builds for a graph (scripts/cacti-e2e).
 * usage: php e2e_graph_source.php LOCAL_GRAPH_ID START END */
include('/usr/share/cacti/site/include/cli_check.php');
include_once('/usr/share/cacti/site/lib/rrd.php');
$meta = array();
print rrdtool_function_graph($argv[1], 0,
	array('graph_start' => $argv[2], 'graph_end' => $argv[3], 'print_source' => true), false, $meta, 0);
