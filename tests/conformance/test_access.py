"""Web pages of other sites cannot use the endpoint: not by CORS, nor by DNS rebinding (a site's
own name pointed at 127.0.0.1, which makes its page "same origin"). Raw HTTP, as a browser would
send it, so that the Origin and Host headers are the page's.
"""

import http.client
import json
import unittest

from endpoint import Endpoint

SIGNED = {
    "Content-Type": "application/x-amz-json-1.1",
    "X-Amz-Date": "20231114T221320Z",
    "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/kinesis/aws4_request, "
                     "SignedHeaders=host, Signature=abc",
}


class Access(unittest.TestCase):
    def call(self, endpoint, operation, body, method="POST", **headers):
        """One request with `headers` (Host included, if given); returns (status, headers, body)."""
        connection = http.client.HTTPConnection(*endpoint.address, timeout=10)
        try:
            sent = dict(SIGNED, **{"X-Amz-Target": f"Kinesis_20131202.{operation}"})
            sent.update({name.replace("_", "-"): value for name, value in headers.items()})
            connection.request(method, "/", body=None if body is None else json.dumps(body), headers=sent)
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def streams(self, endpoint):
        return json.loads(self.call(endpoint, "ListStreams", {})[2])["StreamNames"]

    def test_pages_of_other_sites_and_rebound_host_names_are_refused(self):
        # Was: 200 and the stream created for both, with Access-Control-Allow-Origin: *.
        endpoint = Endpoint("--create-stream-ms", "0")
        try:
            create = {"StreamName": "from-a-page", "ShardCount": 1}
            status, headers, body = self.call(endpoint, "CreateStream", create, Origin="https://evil.example")
            self.assertEqual((status, json.loads(body)["__type"]), (403, "AccessDeniedException"))
            self.assertNotIn("access-control-allow-origin", headers)
            status, headers, _ = self.call(endpoint, "CreateStream", None, method="OPTIONS",
                                           Origin="https://evil.example", Access_Control_Request_Method="POST")
            self.assertEqual(status, 403)
            self.assertNotIn("access-control-allow-origin", headers)
            port = endpoint.address[1]
            status, _, body = self.call(endpoint, "CreateStream", create, Host=f"rebound.example:{port}")
            self.assertEqual(status, 403)
            self.assertIn("--allow-host rebound.example", json.loads(body)["message"])
            self.assertEqual(self.streams(endpoint), [])

            # The playground served on this machine, as in the README's workshop.
            status, headers, _ = self.call(endpoint, "CreateStream", create, Origin="http://127.0.0.1:8080",
                                           Host=f"localhost:{port}")
            self.assertEqual(status, 200)
            self.assertEqual(headers["access-control-allow-origin"], "http://127.0.0.1:8080")
            self.assertEqual(headers["vary"], "Origin")
            self.assertEqual(self.streams(endpoint), ["from-a-page"])
        finally:
            endpoint.stop()

    def test_flags_let_other_origins_and_host_names_in(self):
        endpoint = Endpoint("--allow-origin", "https://docs.example", "--allow-host", "kinesis")
        try:
            status, headers, _ = self.call(endpoint, "ListStreams", {}, Origin="https://docs.example",
                                           Host=f"kinesis:{endpoint.address[1]}")
            self.assertEqual(status, 200)
            self.assertEqual(headers["access-control-allow-origin"], "https://docs.example")
            self.assertEqual(self.call(endpoint, "ListStreams", {}, Origin="https://other.example")[0], 403)
        finally:
            endpoint.stop()


if __name__ == "__main__":
    unittest.main()
