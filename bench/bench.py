#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the benchmarks against a build and reports them: a table on standard
# output and the same figures as JSON. bench/run.sh builds what this needs
# and runs it in its own X server and D-Bus session; see docs/benchmarks.md
# for what each figure means and how it is measured.
#
# usage: bench.py --builddir DIR [--rounds N] [--output FILE] [--quick]

import argparse
import datetime
import json
import os
import platform
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

APP = 'application'
BASELINE = 'baseline'

# Typed a character at a time; in the language of the guide searched.
QUERIES = {
    'en': ['password', 'withdrawal', 'transaction id', 'verification'],
    'zh_CN': ['密码', '提现', '交易失败', '身份验证'],
}

LOCALES = {
    'en': {'LANG': 'en_US.UTF-8', 'LC_ALL': 'en_US.UTF-8', 'LANGUAGE': 'en'},
    'zh_CN': {'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8', 'LANGUAGE': 'zh_CN'},
}

# (figure, what it is compared with, how, limit): how each target of the
# issue reads against the figures below.
TARGETS = [
    ('startup.ratio', 'start-up, application / baseline', '<=', 1.15),
    ('memory.idle.excess', 'idle memory above the baseline (MiB)', '<=', 25.0),
    ('tick.ratio', 'the save of a tick / bare durable write of the same bytes', '<=', 1.3),
    ('search.window.keystroke', 'search a keystroke, window, real guide (ms)', '<=', 2.0),
    ('search.en.real.keystroke', 'search a keystroke, core, real guide, en (ms)', '<=', 2.0),
    ('search.zh_CN.real.keystroke', 'search a keystroke, core, real guide, zh_CN (ms)', '<=', 2.0),
    ('search.en.x100.keystroke', 'search a keystroke, 100× guide, en (ms)', '<=', 20.0),
    ('search.zh_CN.x100.keystroke', 'search a keystroke, 100× guide, zh_CN (ms)', '<=', 20.0),
    ('open-checklist', 'open a checklist (ms)', '<=', 50.0),
    ('export.cli', 'export all checklists, okpay-help --export-checklist all (ms)', '<=', 500.0),
    ('memory.ticks.growth-private', 'memory growth over the ticks, private (MiB)', '<=', 1.0),
    ('memory.switches.growth-private', 'memory growth over the page switches, private (MiB)',
     '<=', 1.0),
]


def log(message):
    print(message, file=sys.stderr, flush=True)


def monotonic_us():
    # CLOCK_MONOTONIC, the clock g_get_monotonic_time() reads.
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000


def loadavg():
    with open('/proc/loadavg') as f:
        return [float(x) for x in f.read().split()[:3]]


# Processes

def process_table():
    """{pid: (ppid, cpu ticks)} for every process."""
    table = {}
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open(f'/proc/{name}/stat') as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(')') + 2:].split()
        # After the name: state ppid … utime (14th field) stime (15th).
        table[int(name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return table


def tree(root):
    """The process and every process it started, directly or not."""
    table = process_table()
    pids = [root]
    for pid in pids:
        pids.extend(child for child, (ppid, _) in table.items() if ppid == pid)
    return pids, table


def memory_kib(pid):
    """(PSS, private) of a process in KiB: shared pages divided among all
    the processes that map them, and the pages only it maps."""
    fields = {}
    try:
        with open(f'/proc/{pid}/smaps_rollup') as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2 and parts[0].endswith(':') and parts[1].isdigit():
                    fields[parts[0][:-1]] = int(parts[1])
    except OSError:
        pass
    return (fields.get('Pss', 0),
            fields.get('Private_Clean', 0) + fields.get('Private_Dirty', 0))


def process_name(pid):
    try:
        with open(f'/proc/{pid}/comm') as f:
            return f.read().strip()
    except OSError:
        return '?'


def wait_idle(root, quiet_ticks=3, window=4, interval=0.25, longest=20.0):
    """Waits until the process tree has used at most quiet_ticks of CPU
    (clock ticks, usually 10 ms each) over the last window intervals."""
    history = []
    started = time.monotonic()
    while time.monotonic() - started < longest:
        pids, table = tree(root)
        history.append(sum(table[p][1] for p in pids if p in table))
        if len(history) > window and history[-1] - history[-1 - window] <= quiet_ticks:
            return time.monotonic() - started
        time.sleep(interval)
    return time.monotonic() - started


def stop(process, pids):
    """Ends a program run here, and whatever it started that is left."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    deadline = time.monotonic() + 10
    for pid in pids[1:]:
        while os.path.exists(f'/proc/{pid}') and time.monotonic() < deadline:
            time.sleep(0.05)
        if os.path.exists(f'/proc/{pid}'):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def run_startup(argv, env):
    """Starts a program that reports "loaded T" and "painted T" on the file
    descriptor named by OKP_BENCH_FD; returns the start-up time (process
    start to the first page painted), and the memory once idle."""
    read_fd, write_fd = os.pipe()
    env = dict(env, OKP_BENCH_FD=str(write_fd))
    start = monotonic_us()
    process = subprocess.Popen(argv, env=env, pass_fds=(write_fd,),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)

    reports = {}
    buffer = b''
    deadline = time.monotonic() + 60
    while 'painted' not in reports:
        if time.monotonic() > deadline or process.poll() is not None:
            stop(process, tree(process.pid)[0])
            raise RuntimeError(f'{argv[0]} did not report a painted page')
        ready, _, _ = select.select([read_fd], [], [], 1.0)
        if not ready:
            continue
        chunk = os.read(read_fd, 4096)
        if not chunk:
            continue
        buffer += chunk
        while b'\n' in buffer:
            line, buffer = buffer.split(b'\n', 1)
            what, value = line.decode().split()
            reports.setdefault(what, int(value))

    idle_after = wait_idle(process.pid)
    pids, _ = tree(process.pid)
    memory = {pid: memory_kib(pid) for pid in pids}
    names = sorted(process_name(pid) for pid in pids)
    stop(process, pids)
    os.close(read_fd)

    return {
        'startup_ms': (reports['painted'] - start) / 1000,
        'load_ms': (reports['loaded'] - start) / 1000,
        'pss_kib': sum(pss for pss, _ in memory.values()),
        'private_kib': sum(private for _, private in memory.values()),
        'processes': names,
        'idle_after_s': idle_after,
    }


def run_json_lines(argv, env, timeout=1800):
    """Runs a benchmark program; returns its figures {name: (unit, samples)}."""
    result = subprocess.run(argv, env=env, stdout=subprocess.PIPE, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f'{" ".join(argv)} failed with status {result.returncode}')
    figures = {}
    for line in result.stdout.splitlines():
        line = line.strip()
        if line.startswith('{'):
            figure = json.loads(line)
            figures[figure['name']] = (figure['unit'], figure['samples'])
    return figures


# The page the baseline shows

def baseline_page(path, size):
    """A static HTML page of exactly size bytes."""
    head = ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<title>Baseline</title>\n</head>\n<body>\n<h1>Baseline</h1>\n')
    tail = '</p>\n</body>\n</html>\n'
    words = ('A static page of the same size as the first page of the guide, '
             'shown by the smallest GTK program with a WebKit view. ')
    room = size - len(head.encode()) - len('<p>') - len(tail)
    if room < 0:
        raise RuntimeError(f'a {size}-byte page is too small for the baseline page')
    text = (words * (room // len(words) + 1))[:room]
    page = head + '<p>' + text + tail
    assert len(page.encode()) == size
    with open(path, 'w') as f:
        f.write(page)


# Machine

def command_output(argv):
    try:
        return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True).stdout.strip()
    except OSError:
        return ''


def machine():
    cpu = ''
    with open('/proc/cpuinfo') as f:
        for line in f:
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    with open('/proc/meminfo') as f:
        memory_kib = int(f.readline().split()[1])
    try:
        with open('/etc/debian_version') as f:
            debian = f.read().strip()
    except OSError:
        debian = ''
    libraries = {}
    for module in ['glib-2.0', 'gtk4', 'libadwaita-1', 'webkitgtk-6.0', 'json-glib-1.0',
                   'cairo', 'pango']:
        libraries[module] = command_output(['pkg-config', '--modversion', module])
    return {
        'nproc': os.cpu_count(),
        'cpu': cpu,
        'memory_mib': memory_kib // 1024,
        'debian': debian,
        'kernel': platform.release(),
        'libraries': libraries,
        'gsk_renderer': os.environ.get('GSK_RENDERER', '(default)'),
    }


# Figures

def median(samples):
    return statistics.median(samples) if samples else float('nan')


def add(figures, name, unit, samples):
    figures[name] = {'unit': unit, 'median': median(samples), 'samples': samples,
                     'n': len(samples)}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--builddir', required=True)
    parser.add_argument('--rounds', type=int, default=12,
                        help='alternating start-up runs of each program (at least 10)')
    parser.add_argument('--output', default=None, help='where the JSON goes')
    parser.add_argument('--quick', action='store_true',
                        help='a few iterations of everything: checks that it runs, '
                             'the figures mean nothing')
    args = parser.parse_args()

    builddir = os.path.abspath(args.builddir)
    quick = args.quick
    rounds = 1 if quick else args.rounds
    if not quick and rounds < 10:
        parser.error('--rounds must be at least 10')
    repeat = 1 if quick else 10

    app = os.path.join(builddir, 'src', 'okpay-help')
    baseline = os.path.join(builddir, 'bench', 'okp-bench-baseline')
    core = os.path.join(builddir, 'bench', 'okp-bench-core')
    ui = os.path.join(builddir, 'bench', 'okp-bench-ui')

    work = tempfile.mkdtemp(prefix='okp-bench-', dir=builddir)
    env = dict(os.environ)
    env.update({
        'GSETTINGS_SCHEMA_DIR': os.path.join(builddir, 'data'),
        'GSETTINGS_BACKEND': 'memory',
        'OKP_LOCALEDIR': os.path.join(builddir, 'po'),
        # The user's files stay out of it; both programs get the same.
        'XDG_DATA_HOME': os.path.join(work, 'data'),
        'XDG_CONFIG_HOME': os.path.join(work, 'config'),
        'XDG_CACHE_HOME': os.path.join(work, 'cache'),
    })
    env.update(LOCALES['en'])
    env.pop('OKP_BENCH_FD', None)

    figures = {}
    report = {
        'date': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
        'machine': machine(),
        'load_before': loadavg(),
        'rounds': rounds,
        'quick': quick,
    }

    try:
        # The baseline's page: as large as the first page of the guide.
        first_id, size = command_output([core, 'page-size']).split()
        size = int(size)
        page = os.path.join(work, 'baseline.html')
        baseline_page(page, size)
        report['first_page'] = {'section': first_id, 'bytes': size}
        log(f'first page: {first_id}, {size} bytes')

        # Start-up and idle memory, alternating; one unmeasured run of each
        # first, so that neither pays alone for what the session starts on
        # first use (the accessibility bus, the settings portal).
        # The application opens on the guide's first section, as the
        # baseline opens a page of its size (a first start shows the start
        # page, which has no web view to wait for).
        programs = {
            APP: [app, '--section', first_id],
            BASELINE: [baseline, page, '960', '700'],
        }
        runs = {APP: [], BASELINE: []}
        for name in (APP, BASELINE) if not quick else ():
            run_startup(programs[name], env)
        for i in range(rounds):
            for name in (APP, BASELINE):
                result = run_startup(programs[name], env)
                runs[name].append(result)
                log(f'round {i + 1}/{rounds} {name}: start-up {result["startup_ms"]:.0f} ms, '
                    f'{result["pss_kib"] / 1024:.1f} MiB in {len(result["processes"])} '
                    f'processes, idle after {result["idle_after_s"]:.1f} s')
        for name in (APP, BASELINE):
            add(figures, f'startup.{name}', 'ms', [r['startup_ms'] for r in runs[name]])
            add(figures, f'load.{name}', 'ms', [r['load_ms'] for r in runs[name]])
            add(figures, f'memory.idle.{name}', 'MiB', [r['pss_kib'] / 1024 for r in runs[name]])
            add(figures, f'memory.idle-private.{name}', 'MiB',
                [r['private_kib'] / 1024 for r in runs[name]])
        report['processes'] = {name: runs[name][-1]['processes'] for name in runs}
        # Each round's ratio, then their median: the two runs of a round
        # saw the same load.
        add(figures, 'startup.ratio', 'ratio',
            [a['startup_ms'] / b['startup_ms'] for a, b in zip(runs[APP], runs[BASELINE])])
        add(figures, 'memory.idle.excess', 'MiB',
            [(a['pss_kib'] - b['pss_kib']) / 1024 for a, b in zip(runs[APP], runs[BASELINE])])

        # Search per keystroke, with no display: the real guide and one a
        # hundred times larger, in both languages.
        for lang, queries in QUERIES.items():
            lang_env = dict(env, **LOCALES[lang])
            for label, scale in (('real', 1), ('x100', 100)):
                found = run_json_lines([core, 'search', label, str(scale),
                                        str(1 if quick else 20)] + queries, lang_env)
                for name, (unit, samples) in found.items():
                    add(figures, name.replace('search.', f'search.{lang}.', 1), unit, samples)

        # The user's actions in the window.
        ticks = 20 if quick else 10000
        switches = 24 if quick else 1000
        found = run_json_lines([ui, f'--repeat={repeat}', f'--ticks={ticks}',
                                f'--switches={switches}'] + QUERIES['en'], env)
        for name, (unit, samples) in found.items():
            add(figures, name, unit, samples)
        for what in ('ticks', 'switches'):
            for kind in ('', '-private'):
                after = figures[f'memory.{what}.after{kind}']['median']
                for since, name in (('first', 'growth'), ('pass', 'growth-after-pass')):
                    before = figures[f'memory.{what}.{since}{kind}']['median']
                    add(figures, f'memory.{what}.{name}{kind}', 'MiB', [(after - before) / 1024])
        add(figures, 'tick.ratio', 'ratio',
            [figures['tick.save']['median'] / figures['tick.bare-write']['median']])

        # Exporting every checklist, with the progress the window left: the
        # command as a user runs it, and the same work inside one process.
        pdf = os.path.join(work, 'checklists.pdf')
        cli = []
        for i in range(repeat + 1):
            start = monotonic_us()
            subprocess.run([app, '--export-checklist', 'all', '--output', pdf], env=env,
                           check=True, stdout=subprocess.DEVNULL)
            if i > 0:
                cli.append((monotonic_us() - start) / 1000)
        add(figures, 'export.cli', 'ms', cli)
        report['export_pdf_bytes'] = os.path.getsize(pdf)
        found = run_json_lines([core, 'export', str(repeat), pdf], env)
        for name, (unit, samples) in found.items():
            add(figures, name, unit, samples)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    report['load_after'] = loadavg()
    report['figures'] = figures
    report['targets'] = []
    for name, label, op, limit in TARGETS:
        value = figures.get(name, {}).get('median')
        met = value is not None and value <= limit
        report['targets'].append({'figure': name, 'what': label, 'value': value,
                                  'limit': limit, 'met': met})

    print_table(report)
    missing = [t['figure'] for t in report['targets'] if t['value'] is None]

    output = args.output
    if output:
        with open(output, 'w') as f:
            json.dump(report, f, indent=2, ensure_ascii=False)
            f.write('\n')
        log(f'written {output}')

    # A target missed is a finding, not a failure; a figure missing is.
    if missing:
        log(f'missing figures: {", ".join(missing)}')
        return 1
    return 0


def print_table(report):
    figures = report['figures']

    def value(name, digits=1):
        figure = figures.get(name)
        if figure is None:
            return '—'
        return f'{figure["median"]:.{digits}f}'

    def signed(name, digits=1):
        figure = figures.get(name)
        if figure is None:
            return '—'
        return f'{figure["median"]:+.{digits}f}'

    m = report['machine']
    print(f'OKPay Help benchmarks, {report["date"]}'
          + (' (quick: the figures mean nothing)' if report['quick'] else ''))
    print(f'{m["nproc"]} × {m["cpu"]}, {m["memory_mib"]} MiB, Debian {m["debian"]}, '
          f'load {report["load_before"][0]:.2f} before, {report["load_after"][0]:.2f} after')
    print(f'medians of {report["rounds"]} alternating rounds for start-up and memory')
    print()
    rows = [
        ('start-up to the first page painted (ms)', value('startup.application', 0),
         value('startup.baseline', 0), value('startup.ratio', 3), '≤ 1.15'),
        ('idle memory, PSS of all processes (MiB)', value('memory.idle.application'),
         value('memory.idle.baseline'), signed('memory.idle.excess'), '≤ +25'),
        ('tick a step until durable (ms)', value('tick.durable', 2), '', '', ''),
        ('  its save / a bare durable write (ms)', value('tick.save', 2),
         value('tick.bare-write', 2), value('tick.ratio', 2), '≤ 1.3'),
        ('open a checklist (ms)', value('open-checklist'), '', '', '≤ 50'),
        ('search a keystroke, window, real guide (ms)', value('search.window.keystroke', 3),
         '', '', '≤ 2'),
        ('search a keystroke, real guide, en / zh_CN (ms)',
         value('search.en.real.keystroke', 3) + ' / ' + value('search.zh_CN.real.keystroke', 3),
         '', '', '≤ 2'),
        ('search a keystroke, 100× guide, en / zh_CN (ms)',
         value('search.en.x100.keystroke', 2) + ' / ' + value('search.zh_CN.x100.keystroke', 2),
         '', '', '≤ 20'),
        ('export all checklists, command (ms)', value('export.cli', 0), '', '', '≤ 500'),
        ('memory growth, 10,000 ticks, private (MiB)', signed('memory.ticks.growth-private', 2),
         '', '', '≤ 1'),
        ('memory growth, 1,000 page switches, private (MiB)',
         signed('memory.switches.growth-private', 2), '', '', '≤ 1'),
    ]
    header = ('figure', 'application', 'baseline', 'ratio / diff', 'target')
    widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(5)]
    print('  '.join(h.ljust(w) for h, w in zip(header, widths)))
    print('  '.join('-' * w for w in widths))
    for row in rows:
        print('  '.join(str(c).ljust(w) for c, w in zip(row, widths)))
    print()
    print('also measured (medians):')
    for name in ('load.application', 'load.baseline', 'memory.idle-private.application',
                 'memory.idle-private.baseline', 'open-checklist.first', 'open-checklist.handler',
                 'open-section', 'switch.section', 'switch.checklist',
                 'search.window.keystroke-painted', 'tick.scheduled', 'tick.file-size',
                 'search.en.real.first', 'search.en.x100.first', 'search.zh_CN.x100.first',
                 'export.in-process', 'export.in-process.first', 'memory.ticks.growth',
                 'memory.switches.growth', 'memory.ticks.growth-after-pass-private',
                 'memory.switches.growth-after-pass-private'):
        if name in figures:
            print(f'  {name}: {figures[name]["median"]:.2f} {figures[name]["unit"]}')
    print()
    missed = [t for t in report['targets'] if not t['met']]
    print(f'{len(report["targets"]) - len(missed)} of {len(report["targets"])} targets met'
          + (': missed ' + ', '.join(t['figure'] for t in missed) if missed else ''))


if __name__ == '__main__':
    sys.exit(main())
