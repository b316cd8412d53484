-- Mixed reader traffic for wrk: each request is a random page from the file PATHS names
-- (one path a line, written by run_soak.sh from the soak database). Every response that is
-- not 200 counts as an error; done() prints the totals, statuses and latency percentiles.

local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  ok, errors, statuses = 0, 0, ""
  seen = {}
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
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
