-- Mixed reader traffic for wrk, as mixed.lua, with every request written down: for the
-- fault runs (run_faults.sh), whose figures are split at the moment of the fault.
--
-- Run with as many threads as connections (wrk -t8 -c8): each thread then has one
-- connection, whose requests and responses alternate, so a response's latency is the time
-- since its thread's last request. Each thread writes "$REQUESTS_LOG.<n>", one line a
-- request: unix start time, latency in microseconds (-1: no response, the connection
-- failed), status (0 when none), the page's Last-Modified ("-" when it has none), path.
-- done() prints the same totals as mixed.lua.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } fault_timespec;
  int clock_gettime(int clock, fault_timespec *now);
]]
local clock = ffi.new("fault_timespec")
local function now()
  ffi.C.clock_gettime(0, clock) -- CLOCK_REALTIME: the clock the other probes print
  return tonumber(clock.tv_sec) + tonumber(clock.tv_nsec) / 1e9
end

local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("number", #threads)
end

local log, started, path, unanswered, written

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000) + number * 7919)
  ok, errors, statuses = 0, 0, ""
  seen = {}
  log = assert(io.open(os.getenv("REQUESTS_LOG") .. "." .. number, "w"))
  unanswered, written = false, 0
end

local function record(latency_us, status, modified)
  log:write(string.format("%.6f\t%d\t%d\t%s\t%s\n", started, latency_us, status, modified, path))
  written = written + 1
  if written % 200 == 0 then log:flush() end
end

function request()
  if unanswered then record(-1, 0, "-") end -- the connection failed before an answer
  started, path, unanswered = now(), paths[math.random(#paths)], true
  return wrk.format("GET", path)
end

function response(status, headers, body)
  unanswered = false
  record(math.floor((now() - started) * 1e6), status, headers["Last-Modified"] or "-")
  if status == 200 then
    ok = ok + 1
  else
    errors = errors + 1
    seen[status] = (seen[status] or 0) + 1
    statuses = ""
    for code, n in pairs(seen) do statuses = statuses .. code .. "=" .. n .. " " end
  end
end

function done(summary, latency, requests)
  local total_ok, total_errors, codes = 0, 0, ""
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_errors = total_errors + thread:get("errors")
    codes = codes .. thread:get("statuses")
  end
  local socket = summary.errors
  io.write(string.format("requests: %d in %.1f s (%.1f/s)\n", summary.requests,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("responses 200: %d; other statuses: %d %s\n", total_ok, total_errors,
    codes))
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
    socket.connect, socket.read, socket.write, socket.timeout))
  io.write(string.format("latency ms: p50 %.1f, p90 %.1f, p99 %.1f, max %.1f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
