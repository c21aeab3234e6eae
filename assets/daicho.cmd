@echo off
rem daicho: the Daicho ledger command on a Windows PC without Node.js.
rem Runs the installed app in its command-line mode (Daicho.exe --cli ...), in this console.
rem A batch file waits for Daicho.exe and passes its exit code on: 0 OK, 1 refused, 2 usage.
setlocal
rem Japanese output is UTF-8: switch the console for the command and back afterwards.
set "DAICHO_CP="
for /f "tokens=2 delims=:." %%a in ('chcp') do set /a "DAICHO_CP=%%a" 2>nul
chcp 65001 >nul
"%~dp0Daicho.exe" --cli %*
set "DAICHO_EXIT=%ERRORLEVEL%"
if defined DAICHO_CP chcp %DAICHO_CP% >nul
exit /b %DAICHO_EXIT%
