// M/M/c (c = 4, rho = 0.8) as a plain C++ event loop: the compiled peer of test/bench/mmc.bench.ts.
//
// Same model as the engine's run and the SimPy peer: Poisson arrivals (rate rho * c * mu), exponential
// service (rate mu), c servers, one FIFO queue, N customers. The next arrival is scheduled when the
// previous one happens, so the event heap holds at most c + 1 events, as in the other two.
// There are no processes, no closures and no cancellation here: this is the floor a general-purpose
// engine is measured against, not something it could match.
//
//   g++ -O2 -std=c++17 -o mmc test/bench/peers/mmc.cpp && ./mmc [customers]   (default 10^6)
//
// Prints one JSON line like the other peers ("name":"mmc-cpp"), plus erlang_c_wait_s, the exact mean
// wait in queue of M/M/c, so the simulated mean_wait_s can be checked against it.
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <queue>
#include <random>
#include <vector>

namespace {

constexpr int C = 4;                // servers
constexpr double MU = 1.0;          // service rate per server (1/s): mean service time 1 s
constexpr double RHO = 0.8;         // utilisation
constexpr double LAMBDA = RHO * C * MU;  // arrival rate (1/s)

enum class Kind : std::uint8_t { Arrival, Departure };

struct Event {
  double time;
  std::uint64_t seq;  // insertion order: equal times leave in the order they were scheduled
  Kind kind;
};

// std::priority_queue is a max-heap: "later" is "less urgent".
struct Later {
  bool operator()(const Event& a, const Event& b) const {
    return a.time != b.time ? a.time > b.time : a.seq > b.seq;
  }
};

// Exponential draw by inversion from a 53-bit uniform in [0, 1).
double exponential(std::mt19937_64& rng, double rate) {
  const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
  return -std::log1p(-u) / rate;
}

// Erlang C: P(wait) for offered load a = lambda / mu on c servers, then Wq = P(wait) / (c mu - lambda).
double erlangCWait() {
  const double a = LAMBDA / MU;
  double term = 1.0, sum = 0.0;  // term = a^k / k!
  for (int k = 0; k < C; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double tail = term / (1.0 - RHO);
  return tail / (sum + tail) / (C * MU - LAMBDA);
}

// Peak resident set of this program in MiB. VmHWM belongs to the process image, so it starts afresh at
// exec; getrusage's ru_maxrss (the fallback off Linux) keeps the high-water mark of the process that
// spawned us, which for a child of Node is Node's ~18 MB, not ours.
double peakRssMiB() {
  if (std::FILE* f = std::fopen("/proc/self/status", "r")) {
    char line[256];
    long kib = -1;
    while (kib < 0 && std::fgets(line, sizeof line, f)) std::sscanf(line, "VmHWM: %ld kB", &kib);
    std::fclose(f);
    if (kib >= 0) return kib / 1024.0;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);  // ru_maxrss is in KiB on Linux
  return usage.ru_maxrss / 1024.0;
}

double cpuSeconds() {
  return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

}  // namespace

int main(int argc, char** argv) {
  const long long customers = argc > 1 ? static_cast<long long>(std::atof(argv[1])) : 1000000LL;
  std::mt19937_64 arrivals(1), services(2);  // one stream per source of randomness, as in the engine run

  const auto t0 = std::chrono::steady_clock::now();
  const double cpu0 = cpuSeconds();

  std::vector<Event> storage;
  storage.reserve(C + 2);
  std::priority_queue<Event, std::vector<Event>, Later> heap(Later{}, std::move(storage));
  std::deque<double> waiting;  // arrival times of customers in the queue, FIFO
  std::uint64_t seq = 0, events = 0;
  long long arrived = 0, served = 0;
  int idle = C;
  double waitSum = 0.0;

  if (customers > 0) heap.push({exponential(arrivals, LAMBDA), seq++, Kind::Arrival});
  while (!heap.empty()) {
    const Event e = heap.top();
    heap.pop();
    ++events;
    const double now = e.time;
    if (e.kind == Kind::Arrival) {
      if (++arrived < customers) heap.push({now + exponential(arrivals, LAMBDA), seq++, Kind::Arrival});
      if (idle > 0) {
        --idle;  // served at once: waits 0
        heap.push({now + exponential(services, MU), seq++, Kind::Departure});
      } else {
        waiting.push_back(now);
      }
    } else {
      ++served;
      if (!waiting.empty()) {
        waitSum += now - waiting.front();
        waiting.pop_front();
        heap.push({now + exponential(services, MU), seq++, Kind::Departure});
      } else {
        ++idle;
      }
    }
  }

  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = cpuSeconds() - cpu0;
  std::printf(
      "{\"name\":\"mmc-cpp\",\"customers\":%lld,\"events\":%llu,\"wall_s\":%.3f,\"customers_per_s\":%.0f,"
      "\"events_per_s\":%.0f,\"cpu_s\":%.3f,\"peak_rss_mb\":%.1f,\"mean_wait_s\":%.17g,\"erlang_c_wait_s\":%.17g}\n",
      served, static_cast<unsigned long long>(events), wall, served / wall, events / wall, cpu,
      peakRssMiB(), served ? waitSum / served : NAN, erlangCWait());
  return 0;
}
