// The timed-notes player (observations/_video_notes.html). A note's time seeks the video to that
// moment and plays it; the add form takes the moment the video is at, unless the person typed one.
(function () {
  "use strict";

  function format(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var secs = (seconds % 60 < 10 ? "0" : "") + (seconds % 60);
    if (hours) {
      return hours + ":" + (minutes < 10 ? "0" : "") + minutes + ":" + secs;
    }
    return minutes + ":" + secs;
  }

  function seek(video, seconds, play) {
    function go() {
      video.currentTime = seconds;
      if (play) {
        var playing = video.play();
        if (playing) {
          playing.catch(function () {}); // autoplay refused: the video waits at the moment
        }
      }
    }
    if (video.readyState >= 1) {
      go();
    } else {
      video.addEventListener("loadedmetadata", go, { once: true });
    }
  }

  function setUp(root) {
    var video = root.querySelector("video");
    var at = root.querySelector("[data-note-at]");
    var atSeconds = root.querySelector("[data-note-seconds]");
    // The person typed a moment (or a refused note came back with one): keep it until "Now".
    var typed = Boolean(at && at.value);

    // While the field has focus the person is about to type: writing it then would move the caret
    // off a selection and append to it. Submitting still takes the moment.
    function follow(event) {
      var submitting = event && event.type === "submit";
      if (!at || typed || (document.activeElement === at && !submitting)) {
        return;
      }
      var now = Math.floor(video.currentTime || 0);
      atSeconds.value = now;
      at.value = format(now);
    }

    root.addEventListener("click", function (event) {
      var note = event.target.closest("[data-seek]");
      if (note) {
        seek(video, Number(note.getAttribute("data-seek")), true);
      }
      if (event.target.closest("[data-note-now]")) {
        typed = false;
        follow();
      }
    });

    if (at) {
      ["loadedmetadata", "timeupdate", "seeked"].forEach(function (name) {
        video.addEventListener(name, follow);
      });
      at.addEventListener("input", function () {
        typed = true;
        atSeconds.value = ""; // the server reads the typed m:ss
      });
      root.querySelector("[data-note-form]").addEventListener("submit", follow);
      follow();
    }

    // Back from adding a note (#note-12): the video waits at that note's moment.
    var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    var button = target && root.contains(target) ? target.querySelector("[data-seek]") : null;
    if (button) {
      seek(video, Number(button.getAttribute("data-seek")), false);
      button.focus();
    }
  }

  document.querySelectorAll("[data-video-notes]").forEach(function (root) {
    if (!root.hasAttribute("data-ready")) {
      root.setAttribute("data-ready", "");
      setUp(root);
    }
  });
})();
