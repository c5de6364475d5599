;;; iim-panel-tests.el --- ERT tests of iim-panel.el  -*- lexical-binding: t; -*-

;;; Commentary:

;; Panels on disk, opened as a user opens them; real scripts run.

;;; Code:

(require 'iim-test-support)
(require 'iim-panel)
(require 'cl-lib)

(defmacro iim-panel-tests-with-panel (text &rest body)
  "Visit a panel file holding TEXT in a temporary directory, run BODY there."
  (declare (indent 1))
  `(iim-test-with-directory top
     (let ((file (expand-file-name "Panel.org" top))
           (enable-local-variables :safe))
       (with-temp-file file (insert ,text))
       (with-current-buffer (find-file-noselect file)
         (unwind-protect (progn ,@body)
           (set-buffer-modified-p nil)
           (kill-buffer))))))

(defun iim-panel-tests--goto (text)
  "Put point on the link whose line starts with TEXT."
  (goto-char (point-min))
  (search-forward (concat "[[iim:" text))
  (goto-char (match-beginning 0)))

(defun iim-panel-tests--press (key)
  "Run the command KEY is bound to here, as pressing it would."
  (let ((command (key-binding (kbd key))))
    (should command)
    (call-interactively command)))

(defun iim-panel-tests--questions-refused (link key)
  "Press KEY on the link starting with LINK, answering no to every question.
Return the questions asked."
  (let* ((questions '())
         (iim-link-confirm-function (lambda (q) (push q questions) nil)))
    (iim-panel-tests--goto link)
    (iim-panel-tests--press key)
    questions))

(defun iim-panel-tests--output ()
  "Wait for the run in *iim* and return its text."
  (let ((process (get-buffer-process iim-buffer-name)))
    (when process (iim-test-wait-process process))
    (iim-test-buffer-text iim-buffer-name)))

(ert-deftest iim-panel-mode-on-by-the-file-local-variable ()
  "A panel file saying iim-panel: t opens with `iim-panel-mode' on, unasked."
  (iim-panel-tests-with-panel "* Notes\nno links yet\n\n# Local Variables:\n# iim-panel: t\n# End:\n"
    (should (derived-mode-p 'org-mode))
    (should iim-panel-mode)))

(ert-deftest iim-panel-mode-on-by-iim-links ()
  "An org file with iim: links opens with `iim-panel-mode' on; one without, off."
  (iim-panel-tests-with-panel "- [[iim:iim-daemontools -i list][commands]]\n"
    (should iim-panel-mode))
  (iim-panel-tests-with-panel "* Just notes\n"
    (should-not iim-panel-mode)))

(ert-deftest iim-panel-ret-and-f11-run-the-link-at-point ()
  "RET and F11 on a link run it into *iim*; RET elsewhere is org's RET."
  (iim-panel-tests-with-panel "- [[iim:iim-daemontools -i list][commands]]\nsome note\n"
    (dolist (key '("RET" "<f11>"))
      (when (get-buffer iim-buffer-name) (kill-buffer iim-buffer-name))
      (iim-panel-tests--goto "iim-daemontools -i list")
      (iim-panel-tests--press key)
      (should (string-match-p "^iim: iim-daemontools -i list\n" (iim-panel-tests--output)))
      (should (string-match-p "finished (exit 0)" (iim-panel-tests--output))))
    (goto-char (point-max))
    (let ((lines (count-lines (point-min) (point-max))))
      (iim-panel-tests--press "RET")
      (should (= (count-lines (point-min) (point-max)) (1+ lines))))))

(ert-deftest iim-panel-destructive-line-asks-first ()
  "A -f line and a destructive command ask; a no keeps them from running."
  (iim-test-with-directory svc
    (iim-panel-tests-with-panel
        (format "- [[iim:iim-daemontools -p serviceDir=%s -i svcRemove web][remove]]\n- [[iim:iim-daemontools -f -i describe][forced]]\n" svc)
      (dolist (link '("iim-daemontools -p serviceDir" "iim-daemontools -f -i describe"))
        (when (get-buffer iim-buffer-name) (kill-buffer iim-buffer-name))
        (should (= (length (iim-panel-tests--questions-refused link "<f11>")) 1))
        (should-not (get-buffer iim-buffer-name))))))

(ert-deftest iim-panel-line-of-another-program-asks-first ()
  "A link whose first word is not an iim script asks before it runs."
  (iim-test-with-directory top
    (let ((marker (expand-file-name "ran" top)))
      (iim-panel-tests-with-panel (format "- [[iim:touch %s][looks harmless]]\n" marker)
        (should (string-match-p "touch" (car (iim-panel-tests--questions-refused "touch" "RET"))))
        (should-not (file-exists-p marker))))))

(ert-deftest iim-panel-plan-first-then-y-runs-it ()
  "S-F11 shows the plan (-n showOnly): nothing changes; y in *iim* runs it."
  (iim-test-with-directory top
    (let* ((dir (iim-test-tinydns-dir top))
           (data (expand-file-name "root/data" dir)))
      (iim-panel-tests-with-panel
          (format "- [[iim:iim-tinydns -p dir=%s -i recordAdd host www.example.test 10.1.2.3][add]]\n" dir)
        (iim-panel-tests--goto "iim-tinydns")
        (iim-panel-tests--press "S-<f11>")
        (should (string-match-p "(shown, not done)" (iim-panel-tests--output)))
        (should (equal (with-temp-buffer (insert-file-contents data) (buffer-string)) ""))
        (with-current-buffer iim-buffer-name
          (iim-panel-tests--press "y"))
        (should (string-match-p "finished (exit 0)" (iim-panel-tests--output)))
        (should (string-match-p "^=www.example.test:10.1.2.3:"
                                (with-temp-buffer (insert-file-contents data) (buffer-string))))))))

(ert-deftest iim-panel-plan-of-another-program-asks-first ()
  "The plan of a link whose first word is not an iim script asks: it would run that program."
  (iim-test-with-directory top
    (let ((marker (expand-file-name "ran" top)))
      (iim-panel-tests-with-panel (format "- [[iim:touch %s][looks harmless]]\n" marker)
        (should (= (length (iim-panel-tests--questions-refused "touch" "S-<f11>")) 1))
        (should-not (file-exists-p marker))))))

(ert-deftest iim-panel-rerun-runs-the-last-line-again ()
  "C-F11 runs the last line run from a panel again, wherever point is."
  (iim-panel-tests-with-panel "- [[iim:iim-daemontools -i list][commands]]\nnote\n"
    (iim-panel-tests--goto "iim-daemontools")
    (iim-panel-tests--press "<f11>")
    (iim-panel-tests--output)
    (kill-buffer iim-buffer-name)
    (goto-char (point-max))
    (iim-panel-tests--press "C-<f11>")
    (should (string-match-p "^iim: iim-daemontools -i list\n" (iim-panel-tests--output)))))

(ert-deftest iim-panel-visit-source-opens-the-script ()
  "C-c _ v on a link visits the source of its script."
  (iim-panel-tests-with-panel "- [[iim:iim-dnscache -i list][commands]]\n"
    (iim-panel-tests--goto "iim-dnscache")
    (iim-panel-tests--press "C-c _ v")
    (should (equal buffer-file-name (expand-file-name "scripts/dnscache.ts" iim-test-root)))
    (kill-buffer)))

(ert-deftest iim-panel-next-and-previous-entry ()
  "M-n and M-p move between the links."
  (iim-panel-tests-with-panel "* A\n- [[iim:iim -i list][one]]\ntext\n- [[iim:iim -i params][two]]\n"
    (goto-char (point-min))
    (iim-panel-tests--press "M-n")
    (should (looking-at "\\[\\[iim:iim -i list"))
    (iim-panel-tests--press "M-n")
    (should (looking-at "\\[\\[iim:iim -i params"))
    (should-error (iim-panel-next-entry) :type 'user-error)
    (iim-panel-tests--press "M-p")
    (should (looking-at "\\[\\[iim:iim -i list"))))

(ert-deftest iim-panel-regenerate-keeps-the-notes ()
  "C-c _ g rewrites the example blocks from the script; notes outside stay."
  (iim-test-with-directory top
    (let ((file (expand-file-name "Panel.org" top)))
      (should (eq 0 (call-process (iim-program "iim") nil nil nil
                                  "-i" "panelGenerate" "iim-dnscache" file)))
      (let ((links (with-temp-buffer (insert-file-contents file)
                                     (how-many "\\[\\[iim:" (point-min) (point-max)))))
        (with-current-buffer (find-file-noselect file)
          (unwind-protect
              (progn
                (should iim-panel-mode)
                (goto-char (point-min))
                (forward-line 2)
                (insert "MY NOTE stays\n")
                (iim-panel-tests--goto "iim-dnscache")
                (delete-region (line-beginning-position) (1+ (line-end-position)))
                (save-buffer)
                (iim-panel-tests--press "C-c _ g")
                (should (string-search "MY NOTE stays" (buffer-string)))
                (should (= (how-many "\\[\\[iim:" (point-min) (point-max)) links)))
            (kill-buffer)))))))

(ert-deftest iim-panel-menu-bar-menu-lists-the-commands ()
  "The iim menu-bar menu lists running, planning, rerunning, visiting, regenerating."
  (let ((menu (lookup-key iim-panel-mode-map [menu-bar iim])))
    (should menu)
    (dolist (command '(iim-panel-run iim-panel-plan iim-panel-rerun iim-panel-next-entry
                                     iim-panel-visit-source iim-panel-regenerate iim iim-panel))
      (should (where-is-internal command (list iim-panel-mode-map))))))

(ert-deftest iim-panel-completes-shipped-lab-and-own-panels ()
  "M-x iim-panel offers the shipped panels, the lab's, and Panel.org beside scripts."
  (iim-test-with-directory top
    (let ((iim-panel-lab-directory (expand-file-name "lab/panels" top))
          (iim-panel-script-directories (list (expand-file-name "mine" top))))
      (make-directory iim-panel-lab-directory t)
      (make-directory (expand-file-name "mine" top))
      (with-temp-file (expand-file-name "tinydns.org" iim-panel-lab-directory))
      (with-temp-file (expand-file-name "mine/Panel.org" top))
      (let* ((default-directory (file-name-as-directory (expand-file-name "here" top)))
             (here (progn (make-directory default-directory)
                          (with-temp-file (expand-file-name "Panel.org"))
                          (abbreviate-file-name (expand-file-name "Panel.org"))))
             (names (iim-panel-names)))
        (should (member here names))
        (should (member "tinydns" names))
        (should (member "index" names))
        (should (member "lab/tinydns" names))
        (should (member (abbreviate-file-name (expand-file-name "mine/Panel.org" top)) names))
        (cl-letf (((symbol-function 'completing-read)
                   (lambda (_prompt collection &rest _)
                     (should (equal collection names))
                     "lab/tinydns")))
          (call-interactively #'iim-panel)
          (should (equal buffer-file-name (expand-file-name "tinydns.org" iim-panel-lab-directory)))
          (should iim-panel-mode)
          (kill-buffer))))))

(provide 'iim-panel-tests)
;;; iim-panel-tests.el ends here
