/* The live interview page: a websocket to /ws/interviews/<id>/ announces each new post,
 * accepted question and change of status; the page then re-reads the stream
 * (data-stream-url, server-rendered HTML) into #interview-stream. Events are hints only:
 * after a reconnect the stream is re-read too. Without a websocket the stream is polled
 * every 15 seconds. Without JavaScript the page offers a reload link instead. */
(function () {
  "use strict";
  var root = document.querySelector("[data-live-interview]");
  if (!root) {
    return;
  }
  var id = root.getAttribute("data-live-interview");
  var url = root.getAttribute("data-stream-url");
  var target = document.getElementById("interview-stream");
  var status = document.getElementById("live-status");
  var delay = 1000;
  var pollTimer = null;
  var MESSAGES = {
    post: "有新的发言，已自动更新",
    question: "有新的网友提问被采纳，已自动更新",
    status: "访谈状态已更新"
  };

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function refresh(message) {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        target.innerHTML = html;
        if (message) {
          say(message);
        }
      })
      .catch(function () {
        say("更新失败，请刷新页面查看最新发言");
      });
  }

  function poll() {
    if (pollTimer === null) {
      pollTimer = window.setInterval(function () { refresh(null); }, 15000);
    }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try {
      socket = new WebSocket(scheme + window.location.host + "/ws/interviews/" + id + "/");
    } catch (error) {
      poll();
      return;
    }
    socket.onopen = function () {
      delay = 1000;
      if (pollTimer !== null) {
        window.clearInterval(pollTimer);
        pollTimer = null;
      }
      say("实时更新已连接，新的发言会自动显示");
    };
    socket.onmessage = function (message) {
      var event;
      try {
        event = JSON.parse(message.data);
      } catch (error) {
        return;
      }
      if (event.type === "hello") {
        refresh(null);
        return;
      }
      if (event.type === "status" && event.status === "finished") {
        refresh("访谈已结束，刷新页面可查看完整文字实录");
        return;
      }
      refresh(MESSAGES[event.type] || MESSAGES.post);
    };
    socket.onclose = function (event) {
      if (event.code === 4404) {
        return;
      }
      poll();
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }

  connect();
})();
