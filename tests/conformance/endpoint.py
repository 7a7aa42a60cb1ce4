"""Starts a kinesis-endpoint on a free loopback port for a test and stops it afterwards."""

import os
import re
import resource
import signal
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / "target" / "release" / "kinesis-endpoint"


class Endpoint:
    def __init__(self, *flags, open_files=None):
        """`open_files` lowers the endpoint's open-file limit (soft and hard), as `ulimit -n` does."""

        def limit_open_files():
            if open_files is not None:
                resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))

        self.process = subprocess.Popen(
            [str(BINARY), "--port", "0", *flags],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=limit_open_files,
        )
        line = self.process.stdout.readline()
        match = re.search(r"listening on (http://\S+)", line)
        if not match:
            self.process.kill()
            raise RuntimeError(f"kinesis-endpoint did not start: {line!r}")
        self.url = match.group(1)
        host, port = self.url.removeprefix("http://").split(":")
        self.address = (host, int(port))

    def proc_status(self, field):
        """A figure from /proc/<pid>/status in kB, e.g. VmHWM, the peak resident memory (Linux)."""
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        raise KeyError(field)

    def stop(self, sig=signal.SIGTERM, timeout=10):
        """Stops the endpoint with `sig` and returns its exit code and remaining output."""
        self.process.send_signal(sig)
        self.process.wait(timeout=timeout)
        # Read through the same buffered file as the first line: `communicate(timeout=…)` reads
        # the pipe underneath it, and would miss lines the first read took in with it.
        out = self.process.stdout.read()
        self.process.stdout.close()
        return self.process.returncode, out


def client_environment():
    """Credentials and region for the clients: any credentials work, but they must exist."""
    env = dict(os.environ)
    env.update(
        AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_PAGER="",
        # The tests want to see LimitExceededException, which clients retry by default.
        AWS_RETRY_MODE="standard",
        AWS_MAX_ATTEMPTS="1",
        AWS_CONFIG_FILE="/dev/null",
        AWS_SHARED_CREDENTIALS_FILE="/dev/null",
    )
    return env


def post(url, operation, body, content_type="application/x-amz-json-1.1"):
    """A POST of the raw `body` bytes to Kinesis `operation`, with the headers an SDK signs (the
    endpoint does not check signatures): the answer's status, headers and body, errors included."""
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": content_type,
        "X-Amz-Target": f"Kinesis_20131202.{operation}",
        "X-Amz-Date": "20231114T221320Z",
        "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/kinesis/aws4_request, "
                         "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abc",
    })
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
