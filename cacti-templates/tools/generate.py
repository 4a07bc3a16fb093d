#!/usr/bin/env python3
"""Writes mailstat's Cacti template XML files.

The XML is generated so that every object's hash is derived from a fixed key
(md5 of "mailstat/" + key): the same object keeps the same hash in every build
and every release, so re-importing a newer file updates objects in place instead
of adding a duplicate set. Never change a key; add new keys for new objects.

Usage: generate.py OUTPUT_DIR   (writes the two template files into it)
"""
import hashlib
import os
import sys
from xml.sax.saxutils import escape

ROOT = ".1.3.6.1.4.1.8072.9999.9999.7025"
UCD_EXT_OUTPUT = ".1.3.6.1.4.1.2021.8.1.101.1"

# Stat-file order; the N of root.1.1.N.0 and the column 2+N of the host table.
CATEGORIES = ["sent", "received", "bounced", "rejected", "virus", "spam",
              "delivered", "greylisted", "delayed"]
TITLES = {"sent": "Sent", "received": "Received", "bounced": "Bounced",
          "rejected": "Rejected", "virus": "Virus", "spam": "Spam",
          "delivered": "Delivered", "greylisted": "Greylisted", "delayed": "Delayed"}
COLOURS = {"sent": "000099", "received": "009900", "bounced": "000000",
           "rejected": "AA0000", "virus": "DDBB00", "spam": "999999",
           "delivered": "0066CC", "greylisted": "666666", "delayed": "FF8000"}
# mailgraph's pairs, plus the three categories mailgraph has no graph for.
GRAPHS = [("sent_received", "Mail sent/received", ("sent", "received")),
          ("bounced_rejected", "Mail bounced/rejected", ("bounced", "rejected")),
          ("virus_spam", "Mail virus/spam", ("virus", "spam")),
          ("greylisted_delayed", "Mail greylisted/delayed", ("greylisted", "delayed")),
          ("delivered", "Mail delivered", ("delivered",))]
HEALTH = ("health", "Log lines read/unparsed", ("lines", "unparsed"))
TITLES.update({"lines": "Lines", "unparsed": "Unparsed"})
COLOURS.update({"lines": "4080C0", "unparsed": "C00000"})

GAUGE, DERIVE, COUNTER = 1, 3, 2

# The tables past the nine counters (docs/oids.md), each a data query whose rows get graphs:
# (key, query name, description, file, name field, [(graph key, graph name, unit, per-minute,
# [(data source, snmp field, type)])]). Data source names are also the legend titles' keys.
TABLES = [
    ("details", "mailstat - Details",
     "Counts by reason and result of a mailstat agent (MAILSTAT-MIB mailstatDetailTable)",
     "mailstat_details.xml", "msDetailName",
     [("events", "Detail events", "events/min", True, [("events", "msDetailCount", DERIVE)])]),
    ("queues", "mailstat - Postfix queues",
     "Postfix queue gauges of a mailstat agent (MAILSTAT-MIB mailstatQueueTable)",
     "mailstat_queues.xml", "msQueueName",
     [("messages", "Queue messages", "messages", False, [("messages", "msQueueMessages", GAUGE)]),
      ("size", "Queue size", "kilobytes", False, [("kbytes", "msQueueSize", GAUGE)]),
      ("age", "Queue oldest message age", "seconds", False, [("oldest", "msQueueOldestAge", GAUGE)])]),
    ("delays", "mailstat - Delivery delays",
     "Delivery delays of the last 5 minutes of a mailstat agent (MAILSTAT-MIB mailstatDelayTable)",
     "mailstat_delays.xml", "msDelayStage",
     [("delay", "Delivery delay", "milliseconds", False,
       [("median", "msDelayMedian", GAUGE), ("p95", "msDelayP95", GAUGE), ("max", "msDelayMax", GAUGE)])]),
]
TITLES.update({"events": "Events", "messages": "Messages", "kbytes": "Kilobytes", "oldest": "Oldest",
               "median": "Median", "p95": "95th pct", "max": "Maximum"})
COLOURS.update({"events": "AA0000", "messages": "000099", "kbytes": "009900", "oldest": "FF8000",
                "median": "0066CC", "p95": "DDBB00", "max": "AA0000"})

# Cacti's stock objects, referenced by the hashes every Cacti since 0.8 uses.
GET_SNMP = "3eb92bb845b9660a7445cf9740726522"
GET_SNMP_FIELDS = ["92f5906c8dc0f964b41f4253df582c38", "32285d5bf16e56c478f5e83f32cda9ef",
                   "ad14ac90641aed388139f6ba86a2e48b", "9c55a74bd571b4f00a96fd4b793278c6",
                   "012ccb1d3687d3edb29c002ea66e72da", "4276a5ec6e3fe33995129041b1909762",
                   "fc64b99742ec417cc424dbf8c7692d36", "20832ce12f099c8e54140793a091af90",
                   "c60c9aac1e1b3555ea0620b8bbfd82cb", "feda162701240101bc74148415ef415a"]
GET_SNMP_OID_FIELD = "4276a5ec6e3fe33995129041b1909762"
GET_SNMP_INDEXED = "bf566c869ac6443b0c75d1c32b5a350e"
GET_SNMP_INDEXED_FIELDS = ["92f5906c8dc0f964b41f4253df582c38", "32285d5bf16e56c478f5e83f32cda9ef",
                           "617cdc8a230615e59f06f361ef6e7728", "acb449d1451e8a2a655c2c99d31142c7",
                           "f4facc5e2ca7ebee621f09bc6d9fc792", "1cc1493a6781af2c478fa4de971531cf",
                           "b5c23f246559df38662c255f4aa21d6b", "6027a919c7c7731fbe095b6f53ab127b",
                           "cbbe5c1ddfb264a6e5d509ce1c78c95f", "e6deda7be0f391399c5130e7c4a48b28",
                           "c1f36ee60c3dc98945556d57f26e475b", "2cf7129ad3ff819a7a7ac189bee48ce8",
                           "6b13ac0a0194e171d241d4b06f913158", "3a33d4fc65b8329ab2ac46a36da26b72"]
# index_type, index_value, output_type: filled in by Cacti for each created graph.
GET_SNMP_INDEXED_PER_GRAPH = {"6027a919c7c7731fbe095b6f53ab127b", "cbbe5c1ddfb264a6e5d509ce1c78c95f",
                              "e6deda7be0f391399c5130e7c4a48b28"}
VDEF_TOTAL = "6b5335843630b66f858ce6b7c61fc493"  # stock 1.x VDEF "Total: Current Data Source"
# 0.8.x stock RRAs (Daily, Weekly, Monthly, Yearly); 1.x ignores RRA blocks.
RRAS = [("c21df5178e5c955013591239eb0afd46", "Daily (5 Minute Average)", 1, 600, 86400),
        ("0d9c0af8b8acdc7807943937b3208e29", "Weekly (30 Minute Average)", 6, 700, 604800),
        ("6fc2d038fb42950138b0ce3e9874cc60", "Monthly (2 Hour Average)", 24, 775, 2678400),
        ("e36f3adb9f152adfa5dc50fd2b23337e", "Yearly (1 Day Average)", 288, 797, 33053184)]

# COUNTER's ceiling, in messages per second: a counter that goes backwards (stat file reset)
# reads as a wrap, whose rate (at least about 2^32 / step) lies far above it and is stored
# as unknown. See docs/cacti.md.
COUNTER_MAX = "100000"


def key_hash(key):
    return hashlib.md5(("mailstat/" + key).encode()).hexdigest()


class Doc:
    def __init__(self, version):
        self.version = version
        self.out = ["<cacti>"]

    def h(self, type_code, key):
        return "hash_%s%s%s" % (type_code, self.version, key_hash(key))

    def stock(self, type_code, md5):
        return "hash_%s%s%s" % (type_code, self.version, md5)

    def open(self, tag, depth):
        self.out.append("\t" * depth + "<%s>" % tag)

    def close(self, tag, depth):
        self.out.append("\t" * depth + "</%s>" % tag)

    def field(self, name, value, depth):
        self.out.append("\t" * depth + "<%s>%s</%s>" % (name, escape(str(value)), name))

    def fields(self, pairs, depth):
        for name, value in pairs:
            self.field(name, value, depth)

    def text(self):
        return "\n".join(self.out + ["</cacti>", ""])


def graph_block(d, key, name, title, items, per_minute_cdef, legend_total, label="messages/min"):
    """items: list of (category, data_template_item_hash, area) in drawing order."""
    gt = d.h("00", "graph_template/" + key)
    d.open(gt, 1)
    d.fields([("name", name), ("multiple", ""), ("test_source", "")], 2)
    d.open("graph", 2)
    d.fields([("t_title", ""), ("title", title), ("t_vertical_label", ""),
              ("vertical_label", label), ("t_image_format_id", ""), ("image_format_id", "1"),
              ("t_height", ""), ("height", "200"), ("t_width", ""), ("width", "700"),
              ("t_base_value", ""), ("base_value", "1000"), ("t_slope_mode", ""), ("slope_mode", "on"),
              ("t_auto_scale", ""), ("auto_scale", "on"), ("t_auto_scale_opts", ""), ("auto_scale_opts", "2"),
              ("t_auto_scale_log", ""), ("auto_scale_log", ""), ("t_scale_log_units", ""), ("scale_log_units", ""),
              ("t_auto_scale_rigid", ""), ("auto_scale_rigid", ""), ("t_auto_padding", ""), ("auto_padding", "on"),
              ("t_upper_limit", ""), ("upper_limit", "100"), ("t_lower_limit", ""), ("lower_limit", "0"),
              ("t_unit_value", ""), ("unit_value", ""), ("t_unit_exponent_value", ""), ("unit_exponent_value", ""),
              ("t_export", ""), ("export", "on")], 3)
    d.close("graph", 2)
    d.open("items", 2)
    seq = 0
    inputs = []
    for cat, ds_item, area in items:
        mine = []

        def item(kind, cf, text, cdef, vdef, gprint, hard_return, colour="0"):
            nonlocal seq
            seq += 1
            ih = d.h("10", "graph_item/%s/%s/%d" % (key, cat, len(mine)))
            mine.append(ih)
            d.open(ih, 3)
            d.fields([("graph_type_id", kind), ("task_item_id", ds_item), ("color_id", colour),
                      ("alpha", "FF"), ("consolidation_function_id", cf), ("cdef_id", cdef),
                      ("vdef_id", vdef), ("value", ""), ("gprint_id", gprint), ("text_format", text),
                      ("hard_return", "on" if hard_return else ""), ("sequence", seq)], 4)
            d.close(ih, 3)

        rate = d.h("06", "gprint/rate")
        count = d.h("06", "gprint/count")
        item(7 if area else 5, 1, "%-10s" % TITLES[cat], per_minute_cdef, 0, rate, False, COLOURS[cat])
        if legend_total:
            item(9, 1, "Total:", 0, d.stock("18", VDEF_TOTAL), count, False)
        item(9, 1, "Avg:", per_minute_cdef, 0, rate, False)
        item(9, 3, "Max:", per_minute_cdef, 0, rate, True)
        inputs.append((cat, mine))
    d.close("items", 2)
    d.open("inputs", 2)
    for cat, mine in inputs:
        ih = d.h("09", "graph_input/%s/%s" % (key, cat))
        d.open(ih, 3)
        d.fields([("name", "Data Source [%s]" % cat), ("description", ""), ("column_name", "task_item_id"),
                  ("items", "|".join(m.replace("hash_10", "hash_00", 1) for m in mine))], 4)
        d.close(ih, 3)
    d.close("inputs", 2)
    d.close(gt, 1)
    return gt


def data_template(d, key, name, ds_name, input_method, ds_items, data_items, with_rras):
    """ds_items: list of (item_key, ds_name, type, max, field_hash or 0)."""
    dt = d.h("01", "data_template/" + key)
    d.open(dt, 1)
    d.field("name", name, 2)
    d.open("ds", 2)
    d.fields([("t_name", ""), ("name", ds_name), ("data_source_path", ""), ("data_input_id", input_method)], 3)
    if with_rras:
        d.fields([("t_rra_id", ""), ("rra_items", "|".join(d.stock("15", r[0]) for r in RRAS))], 3)
    d.fields([("t_rrd_step", ""), ("rrd_step", "300"), ("t_active", ""), ("active", "on")], 3)
    d.close("ds", 2)
    d.open("items", 2)
    hashes = {}
    for item_key, name_, type_, maximum, field in ds_items:
        ih = d.h("08", "data_template_item/%s/%s" % (key, item_key))
        hashes[item_key] = ih
        d.open(ih, 3)
        d.fields([("t_data_source_name", ""), ("data_source_name", name_),
                  ("t_rrd_minimum", ""), ("rrd_minimum", "0"), ("t_rrd_maximum", ""), ("rrd_maximum", maximum),
                  ("t_data_source_type_id", ""), ("data_source_type_id", type_),
                  ("t_rrd_heartbeat", ""), ("rrd_heartbeat", "600"),
                  ("t_data_input_field_id", ""), ("data_input_field_id", field)], 4)
        d.close(ih, 3)
    d.close("items", 2)
    d.open("data", 2)
    for i, (field, templated, value) in enumerate(data_items):
        tag = "item_%03d" % i
        d.open(tag, 3)
        d.fields([("data_input_field_id", field), ("t_value", "on" if templated else ""), ("value", value)], 4)
        d.close(tag, 3)
    d.close("data", 2)
    d.close(dt, 1)
    return dt, hashes


def presets(d, with_rras):
    d.open(d.h("05", "cdef/per_minute"), 1)
    d.field("name", "mailstat - per second to per minute", 2)
    d.open("items", 2)
    for i, (type_, value) in enumerate([(4, "CURRENT_DATA_SOURCE"), (6, "60"), (2, "3")]):
        ih = d.h("14", "cdef_item/per_minute/%d" % i)
        d.open(ih, 3)
        d.fields([("sequence", i + 1), ("type", type_), ("value", value)], 4)
        d.close(ih, 3)
    d.close("items", 2)
    d.close(d.h("05", "cdef/per_minute"), 1)
    for key, name, fmt in [("rate", "mailstat - rate", "%8.2lf"), ("count", "mailstat - count", "%10.0lf")]:
        gh = d.h("06", "gprint/" + key)
        d.open(gh, 1)
        d.fields([("name", name), ("gprint_text", fmt)], 2)
        d.close(gh, 1)
    if with_rras:
        for md5, name, steps, rows, timespan in RRAS:
            rh = d.stock("15", md5)
            d.open(rh, 1)
            d.fields([("name", name), ("x_files_factor", "0.5"), ("steps", steps), ("rows", rows),
                      ("timespan", timespan), ("cf_items", "1|3")], 2)
            d.close(rh, 1)


def native(version):
    d = Doc(version)
    cdef = d.h("05", "cdef/per_minute")
    scalar_items = {}
    for n, cat in enumerate(CATEGORIES, start=1):
        oid = "%s.1.1.%d.0" % (ROOT, n)
        data_items = [(d.stock("07", f), f == GET_SNMP_OID_FIELD, oid if f == GET_SNMP_OID_FIELD else "")
                      for f in GET_SNMP_FIELDS]
        _, items = data_template(d, "scalar/" + cat, "mailstat - %s" % TITLES[cat],
                                 "|host_description| - mailstat - %s" % TITLES[cat], d.stock("03", GET_SNMP),
                                 [(cat, cat, DERIVE, "U", 0)], data_items, False)
        scalar_items[cat] = items[cat]
    # Health: log lines read and lines no rule matched (mailstatHealth .1.3.1 and .1.3.2).
    for n, cat in [(1, "lines"), (2, "unparsed")]:
        oid = "%s.1.3.%d.0" % (ROOT, n)
        data_items = [(d.stock("07", f), f == GET_SNMP_OID_FIELD, oid if f == GET_SNMP_OID_FIELD else "")
                      for f in GET_SNMP_FIELDS]
        _, items = data_template(d, "scalar/" + cat, "mailstat - %s" % TITLES[cat],
                                 "|host_description| - mailstat - %s" % TITLES[cat], d.stock("03", GET_SNMP),
                                 [(cat, cat, DERIVE, "U", 0)], data_items, False)
        scalar_items[cat] = items[cat]
    graph_templates = []
    for key, name, cats in GRAPHS + [HEALTH]:
        graph_templates.append(graph_block(
            d, "scalar/" + key, "mailstat - " + name, "|host_description| - " + name,
            [(c, scalar_items[c], i == 0) for i, c in enumerate(cats)], cdef, True,
            "lines/min" if key == "health" else "messages/min"))

    # Per-host table (data query): one data template and one graph template per graph pair.
    host_graphs = [(key, name, "messages/min", True, [(c, "msHost" + TITLES[c], DERIVE) for c in cats])
                   for key, name, cats in GRAPHS]
    dq = table_query(d, cdef, "hosts", "mailstat - Mail hosts",
                     "Per syslog host counters of a mailstat agent (MAILSTAT-MIB mailstatHostTable)",
                     "mailstat_hosts.xml", "msHostName", host_graphs, prefix="host", query_keys_prefixed=False)
    queries = [dq] + [table_query(d, cdef, *table, prefix=table[0]) for table in TABLES]

    ht = d.h("02", "host_template/native")
    d.open(ht, 1)
    d.fields([("name", "Mail Server (mailstat)"),
              ("graph_templates", "|".join(graph_templates)), ("data_queries", "|".join(queries))], 2)
    d.close(ht, 1)
    presets(d, False)
    return d.text()


def table_query(d, cdef, key, name, description, xml_file, name_field, graphs, prefix, query_keys_prefixed=True):
    """One data query over a MAILSTAT-MIB table: a data template and a graph template per graph.

    Hash keys: PREFIX/GRAPH for the templates; the data query graphs' keys are PREFIX/GRAPH too,
    except for the host table, the first, whose keys were the graph's alone (never change keys)."""
    made = []
    for gkey, gname, unit, per_minute, sources in graphs:
        data_items = [(d.stock("07", f), f in GET_SNMP_INDEXED_PER_GRAPH, "") for f in GET_SNMP_INDEXED_FIELDS]
        dkey = "%s/%s" % (prefix, gkey)
        qkey = dkey if query_keys_prefixed else gkey
        dt, items = data_template(d, dkey, "mailstat %s - %s" % (prefix, gname),
                                  "|host_description| - mailstat |query_%s| - %s" % (name_field, gname),
                                  d.stock("03", GET_SNMP_INDEXED),
                                  [(ds, ds, type_, "U", 0) for ds, _, type_ in sources], data_items, False)
        gt = graph_block(d, dkey, "mailstat %s - %s" % (prefix, gname),
                         "|host_description| - |query_%s| - %s" % (name_field, gname),
                         [(ds, items[ds], i == 0 and per_minute) for i, (ds, _, _) in enumerate(sources)],
                         cdef if per_minute else 0, per_minute, unit)
        made.append((qkey, gname, sources, dt, items, gt))
    dq = d.h("04", "data_query/" + key)
    d.open(dq, 1)
    d.fields([("name", name), ("description", description),
              ("xml_path", "<path_cacti>/resource/snmp_queries/" + xml_file),
              ("data_input_id", d.stock("03", GET_SNMP_INDEXED))], 2)
    d.open("graphs", 2)
    for dkey, gname, sources, dt, items, gt in made:
        qg = d.h("11", "data_query_graph/" + dkey)
        d.open(qg, 3)
        d.fields([("graph_template_id", gt), ("name", gname)], 4)
        d.open("rrd", 4)
        for i, (ds, field, _) in enumerate(sources):
            d.open("item_%03d" % i, 5)
            d.fields([("snmp_field_name", field), ("data_template_id", dt), ("data_template_rrd_id", items[ds])], 6)
            d.close("item_%03d" % i, 5)
        d.close("rrd", 4)
        d.open("sv_graph", 4)
        sv = d.h("12", "data_query_sv_graph/" + dkey)
        d.open(sv, 5)
        d.fields([("field_name", "title"), ("sequence", 1),
                  ("text", "|host_description| - |query_%s| - %s" % (name_field, gname))], 6)
        d.close(sv, 5)
        d.close("sv_graph", 4)
        d.open("sv_data_source", 4)
        sv = d.h("13", "data_query_sv_data_source/" + dkey)
        d.open(sv, 5)
        d.fields([("field_name", "name"), ("data_template_id", dt), ("sequence", 1),
                  ("text", "|host_description| - mailstat |query_%s| - %s" % (name_field, gname))], 6)
        d.close(sv, 5)
        d.close("sv_data_source", 4)
        d.close(qg, 3)
    d.close("graphs", 2)
    d.close(dq, 1)
    return dq


def legacy(version):
    d = Doc(version)
    cdef = d.h("05", "cdef/per_minute")
    method = d.h("03", "data_input/ucd")
    inputs = [("hostname", "Hostname", "hostname"), ("snmp_community", "SNMP Community", "snmp_community"),
              ("snmp_version", "SNMP Version", "snmp_version"), ("snmp_port", "SNMP Port", "snmp_port"),
              ("oid", "extOutput OID of the mailstat row", "")]
    d.open(method, 1)
    d.fields([("name", "mailstat - UCD extOutput"), ("type_id", 1),
              ("input_string", "sh <path_cacti>/scripts/mailstat_ucd.sh <hostname> <snmp_community> "
                               "<snmp_version> <snmp_port> <oid>")], 2)
    d.open("fields", 2)
    field_hash = {}
    for data_name, name, type_code in inputs:
        fh = d.h("07", "data_input_field/ucd/in/" + data_name)
        field_hash[data_name] = fh
        d.open(fh, 3)
        d.fields([("name", name), ("update_rra", ""), ("regexp_match", ""), ("allow_nulls", ""),
                  ("type_code", type_code), ("input_output", "in"), ("data_name", data_name)], 4)
        d.close(fh, 3)
    for cat in CATEGORIES:
        fh = d.h("07", "data_input_field/ucd/out/" + cat)
        field_hash[cat] = fh
        d.open(fh, 3)
        d.fields([("name", TITLES[cat]), ("update_rra", "on"), ("regexp_match", ""), ("allow_nulls", ""),
                  ("type_code", ""), ("input_output", "out"), ("data_name", cat)], 4)
        d.close(fh, 3)
    d.close("fields", 2)
    d.close(method, 1)

    # One data template per graph: Cacti 1.2 creates an RRD with only the data sources its
    # graph uses, and then refuses an update naming the others.
    data_items = [(field_hash[n], n == "oid", UCD_EXT_OUTPUT if n == "oid" else "") for n, _, _ in inputs]
    graph_templates = []
    for key, name, cats in GRAPHS:
        _, items = data_template(d, "ucd/" + key, "mailstat (UCD) - " + name,
                                 "|host_description| - mailstat (UCD) - " + name, method,
                                 [(c, c, COUNTER, COUNTER_MAX, field_hash[c]) for c in cats],
                                 data_items, True)
        graph_templates.append(graph_block(
            d, "ucd/" + key, "mailstat (UCD) - " + name, "|host_description| - " + name,
            [(c, items[c], i == 0) for i, c in enumerate(cats)], cdef, False))
    ht = d.h("02", "host_template/ucd")
    d.open(ht, 1)
    d.fields([("name", "Mail Server (mailstat, UCD extOutput)"),
              ("graph_templates", "|".join(graph_templates)), ("data_queries", "")], 2)
    d.close(ht, 1)
    presets(d, True)
    return d.text()


def main():
    out = sys.argv[1]
    files = {"cacti_host_template_mail_server_mailstat.xml": native("0102"),
             "cacti_host_template_mail_server_mailstat_ucd.xml": legacy("0024")}
    for name, text in files.items():
        with open(os.path.join(out, name), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
