-- wrk script: POST /api/v1/events with batches of card-spending events (contract "Ingesting events"), every event
-- id unique across threads and requests, customers spread over a fixed population. Settings come from the
-- environment so the benchmark harness and a person at a terminal run it alike:
--   CRM_WRK_KEY        ingest API key                 (demo-ingest-key)
--   CRM_WRK_BATCH      events per request             (1000)
--   CRM_WRK_CUSTOMERS  customer population            (100000)
--   CRM_WRK_RUN        run prefix of event ids        (a random one)
-- At the end it prints one line "WRK-RESULT {json}" with status counts, so a caller can check every answer was 202.
-- e.g.  CRM_WRK_BATCH=1000 wrk -t2 -c8 -d30s --latency -s bench/wrk/ingest.lua http://127.0.0.1:8080

local batch = tonumber(os.getenv("CRM_WRK_BATCH") or "1000")
local customers = tonumber(os.getenv("CRM_WRK_CUSTOMERS") or "100000")
local key = os.getenv("CRM_WRK_KEY") or "demo-ingest-key"
local run = os.getenv("CRM_WRK_RUN") or tostring(os.time())

local threads = {}
local thread_id = 0

function setup(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  statuses = {}
  math.randomseed(tid * 7919 + 17)
  wrk.method = "POST"
  wrk.path = "/api/v1/events"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "ApiKey " .. key
end

-- Card spending happens now: events carry the second the batch is made (a card system sends as it goes) and a
-- fraction that only grows on this thread (its event counter in 100 ns units), so one thread's events of a customer
-- never share an instant or go back in time. Two threads can still send one customer's events out of order within a
-- second: a late event, which the star model handles exactly but at the cost of a rebuild (docs/architecture.md).
function request()
  local parts = {}
  local second = os.date("!%Y-%m-%dT%H:%M:%S", os.time() - 1)
  for i = 1, batch do
    counter = counter + 1
    local customer = math.random(0, customers - 1)
    parts[i] = string.format(
      '{"eventId":"%s-%d-%d","customerId":"C%07d","occurredAt":"%s.%07d+00:00","type":"feeBusiness","business":"cardSpending","amount":%d.%02d}',
      run, tid, counter, customer, second, counter % 10000000, math.random(1, 4999), math.random(0, 99))
  end
  return wrk.format(nil, nil, nil, '{"events":[' .. table.concat(parts, ",") .. ']}')
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for status, n in pairs(s) do counts[status] = (counts[status] or 0) + n end
  end
  local fields = {}
  for status, n in pairs(counts) do table.insert(fields, string.format('"%d":%d', status, n)) end
  io.write(string.format('WRK-RESULT {"batch":%d,"requests":%d,"seconds":%.3f,"statuses":{%s},"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f}\n',
    batch, summary.requests, summary.duration / 1e6, table.concat(fields, ","),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
